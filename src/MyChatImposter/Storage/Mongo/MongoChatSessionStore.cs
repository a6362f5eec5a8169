using MongoDB.Bson;
using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

// Documents in `chat_sessions` (no counterpart in the original): {_id: user_id, provider_name, linked_at}.
// The user id as _id makes one record per user without a further index.
public sealed class MongoChatSessionStore(MongoDatabaseContext context) : IChatSessionStore
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    private readonly IMongoCollection<BsonDocument> _collection = context.Collection(MongoCollections.ChatSessions);

    public Task SaveAsync(ChatSessionRecord record, CancellationToken cancellationToken) =>
        _collection.ReplaceOneAsync(
            Filter.Eq("_id", record.UserId),
            new BsonDocument
            {
                { "_id", record.UserId },
                { "provider_name", record.ProviderName },
                { "linked_at", MongoInstant.From(record.LinkedAt) },
            },
            new ReplaceOptions { IsUpsert = true },
            cancellationToken);

    public async Task<IReadOnlyList<ChatSessionRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var documents = await _collection.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync(cancellationToken);
        return documents
            .Select(document => new ChatSessionRecord(
                document["_id"].AsString,
                document["provider_name"].AsString,
                MongoInstant.Read(document["linked_at"])))
            .OrderBy(record => record.UserId, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<bool> DeleteAsync(string userId, CancellationToken cancellationToken)
    {
        var result = await _collection.DeleteOneAsync(Filter.Eq("_id", userId), cancellationToken);
        return result.DeletedCount > 0;
    }
}
