using MongoDB.Bson;
using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

// Documents in `pipeline_dead_letters` (no counterpart in the original):
// {_id: ObjectId, user_id, stage, correspondent_id, provider_message_id, error, failed_at}.
// The Id is the ObjectId in hex; as for the audit log, ObjectIds made by one process increase with
// insertion, so newest first is `_id` descending.
public sealed class MongoDeadLetterStore(MongoDatabaseContext context) : IDeadLetterStore
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    private readonly IMongoCollection<BsonDocument> _collection = context.Collection(MongoCollections.DeadLetters);

    public Task AddAsync(DeadLetter deadLetter, CancellationToken cancellationToken) =>
        _collection.InsertOneAsync(new BsonDocument
        {
            { "_id", ObjectId.GenerateNewId() },
            { "user_id", deadLetter.UserId },
            { "stage", deadLetter.Stage },
            { "correspondent_id", MongoText.FromNullable(deadLetter.CorrespondentId) },
            { "provider_message_id", MongoText.FromNullable(deadLetter.ProviderMessageId) },
            { "error", deadLetter.Error },
            { "failed_at", MongoInstant.From(deadLetter.FailedAt) },
        }, cancellationToken: cancellationToken);

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string? userId, int limit, CancellationToken cancellationToken)
    {
        PipelinePaging.CheckDeadLetterLimit(limit);
        return await _collection.FindPageAsync(
            ByUser(userId),
            Builders<BsonDocument>.Sort.Descending("_id"), limit, Read, cancellationToken);
    }

    public Task<long> CountAsync(string? userId, CancellationToken cancellationToken) =>
        _collection.CountDocumentsAsync(ByUser(userId), cancellationToken: cancellationToken);

    public async Task<long> DeleteForUserAsync(string userId, CancellationToken cancellationToken)
    {
        var result = await _collection.DeleteManyAsync(Filter.Eq("user_id", userId), cancellationToken);
        return result.DeletedCount;
    }

    private static FilterDefinition<BsonDocument> ByUser(string? userId) =>
        userId is null ? FilterDefinition<BsonDocument>.Empty : Filter.Eq("user_id", userId);

    private static DeadLetter Read(BsonDocument document) => new(
        document["user_id"].AsString,
        document["stage"].AsString,
        MongoText.ReadNullable(document, "correspondent_id"),
        MongoText.ReadNullable(document, "provider_message_id"),
        document["error"].AsString,
        MongoInstant.Read(document["failed_at"]))
    {
        Id = document["_id"].ToString(),
    };
}
