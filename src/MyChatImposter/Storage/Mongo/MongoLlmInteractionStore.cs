using MongoDB.Bson;
using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

// Documents in `llm_interactions` (the original wrote group-tracking recordings to disk files instead):
// {_id: ObjectId, user_id, started_at, duration_ms, provider, model, prompt: [{role, text}], answer, error}.
// As for the audit log, ObjectIds made by one process increase with insertion, so newest first is `_id`
// descending and `_id < before` pages to older rows. Retention is the housekeeping job's, not a TTL index:
// the period is a host option, and a TTL index would fix it at creation.
public sealed class MongoLlmInteractionStore(MongoDatabaseContext context) : ILlmInteractionStore
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    private readonly IMongoCollection<BsonDocument> _collection = context.Collection(MongoCollections.LlmInteractions);

    public Task AddAsync(LlmInteraction interaction, CancellationToken cancellationToken) =>
        _collection.InsertOneAsync(new BsonDocument
        {
            { "_id", ObjectId.GenerateNewId() },
            { "user_id", interaction.UserId },
            { "started_at", MongoInstant.From(interaction.StartedAt) },
            { "duration_ms", (long)interaction.Duration.TotalMilliseconds },
            { "provider", interaction.Provider },
            { "model", interaction.Model },
            { "prompt", new BsonArray(interaction.Prompt.Select(message => new BsonDocument { { "role", message.Role }, { "text", message.Text } })) },
            { "answer", MongoText.FromNullable(interaction.Answer) },
            { "error", MongoText.FromNullable(interaction.Error) },
        }, cancellationToken: cancellationToken);

    public async Task<IReadOnlyList<LlmInteraction>> ListAsync(
        string userId, string? before, int limit, CancellationToken cancellationToken)
    {
        LlmInteractionPaging.CheckLimit(limit);
        var filter = Filter.Eq("user_id", userId);
        if (before is not null)
        {
            filter &= ObjectId.TryParse(before, out var beforeId)
                ? Filter.Lt("_id", beforeId)
                : throw LlmInteractionPaging.InvalidBefore(before);
        }
        return await _collection.FindPageAsync(filter, Builders<BsonDocument>.Sort.Descending("_id"), limit, Read, cancellationToken);
    }

    public Task<long> CountAsync(string userId, CancellationToken cancellationToken) =>
        _collection.CountOfUserAsync(userId, cancellationToken);

    public Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        DeleteAsync(Filter.Lt("started_at", MongoInstant.From(cutoff)), cancellationToken);

    public Task<long> DeleteForUserAsync(string userId, CancellationToken cancellationToken) =>
        DeleteAsync(Filter.Eq("user_id", userId), cancellationToken);

    private async Task<long> DeleteAsync(FilterDefinition<BsonDocument> filter, CancellationToken cancellationToken) =>
        (await _collection.DeleteManyAsync(filter, cancellationToken)).DeletedCount;

    private static LlmInteraction Read(BsonDocument document) => new(
        document["user_id"].AsString,
        MongoInstant.Read(document["started_at"]),
        TimeSpan.FromMilliseconds(document["duration_ms"].ToInt64()),
        document["provider"].AsString,
        document["model"].AsString,
        [.. document["prompt"].AsBsonArray.Select(message => new LlmPromptMessage(message["role"].AsString, message["text"].AsString))],
        MongoText.ReadNullable(document, "answer"),
        MongoText.ReadNullable(document, "error"))
    {
        Id = document["_id"].ToString(),
    };
}
