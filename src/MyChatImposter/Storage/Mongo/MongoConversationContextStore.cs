using MongoDB.Bson;
using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

// Documents in `auto_reply_context` (the original kept histories in memory only):
// {_id: ObjectId, user_id, context_key, entries: [{content, added_at, from_bot}], updated_at}, one per
// history, unique on (user_id, context_key), replaced whole after each answered turn.
public sealed class MongoConversationContextStore(MongoDatabaseContext context, TimeProvider time) : IConversationContextStore
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    private readonly IMongoCollection<BsonDocument> _collection = context.Collection(MongoCollections.ConversationContext);

    public async Task<IReadOnlyList<ContextEntry>> GetAsync(string userId, string contextKey, CancellationToken cancellationToken)
    {
        var document = await _collection.Find(ByKey(userId, contextKey)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? [] : Read(document);
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<ContextEntry>>> GetAllAsync(string userId, CancellationToken cancellationToken)
    {
        var documents = await _collection.Find(Filter.Eq("user_id", userId)).ToListAsync(cancellationToken);
        return new SortedDictionary<string, IReadOnlyList<ContextEntry>>(
            documents.ToDictionary(document => document["context_key"].AsString, Read), StringComparer.Ordinal);
    }

    public async Task SaveAsync(string userId, string contextKey, IReadOnlyList<ContextEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            await _collection.DeleteOneAsync(ByKey(userId, contextKey), cancellationToken);
            return;
        }
        await _collection.ReplaceOneAsync(
            ByKey(userId, contextKey),
            new BsonDocument
            {
                { "user_id", userId },
                { "context_key", contextKey },
                { "entries", new BsonArray(entries.Select(entry => new BsonDocument
                {
                    { "content", entry.Content },
                    { "added_at", MongoInstant.From(entry.AddedAt) },
                    { "from_bot", entry.FromBot },
                })) },
                { "updated_at", MongoInstant.From(time.GetUtcNow()) },
            },
            new ReplaceOptions { IsUpsert = true },
            cancellationToken);
    }

    public async Task<long> DeleteAsync(string userId, CancellationToken cancellationToken)
    {
        var result = await _collection.DeleteManyAsync(Filter.Eq("user_id", userId), cancellationToken);
        return result.DeletedCount;
    }

    private static FilterDefinition<BsonDocument> ByKey(string userId, string contextKey) =>
        Filter.Eq("user_id", userId) & Filter.Eq("context_key", contextKey);

    private static IReadOnlyList<ContextEntry> Read(BsonDocument document) =>
        [.. document["entries"].AsBsonArray.Select(value => value.AsBsonDocument).Select(entry => new ContextEntry(
            entry["content"].AsString, MongoInstant.Read(entry["added_at"]), entry["from_bot"].AsBoolean))];
}
