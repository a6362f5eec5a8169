using MongoDB.Bson;
using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

// A store whose documents name their user in `user_id` counts and erases one user's documents the one way
// (MongoUserDocuments): what the Delete page previews and what deleting the user removes.
public abstract class MongoUserRecords(IMongoCollection<BsonDocument> documents)
{
    protected IMongoCollection<BsonDocument> Documents { get; } = documents;

    public Task<long> CountForUserAsync(string userId, CancellationToken cancellationToken) =>
        Documents.CountOfUserAsync(userId, cancellationToken);

    public Task<long> DeleteForUserAsync(string userId, CancellationToken cancellationToken) =>
        Documents.DeleteOfUserAsync(userId, cancellationToken);
}
