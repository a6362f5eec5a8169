using MongoDB.Bson;
using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

// Documents in `login_throttle`:
// {_id: key, user_id, ip_address, failures, first_failure_at, locked_until, expires_at}.
// The original's `account_lockouts` (one record per user id, locking the owner out too) is not read.
public sealed class MongoLoginThrottleStore(MongoDatabaseContext context) : ILoginThrottleStore
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    private readonly IMongoCollection<BsonDocument> _collection = context.Collection(MongoCollections.LoginThrottle);

    public Task<LoginThrottleRecord?> GetAsync(string key, CancellationToken cancellationToken) =>
        _collection.FindOneAsync(ByKey(key), Read, cancellationToken);

    public Task SaveAsync(LoginThrottleRecord record, CancellationToken cancellationToken) =>
        _collection.ReplaceOneAsync(
            ByKey(record.Key),
            new BsonDocument
            {
                { "_id", record.Key },
                { "user_id", record.UserId },
                { "ip_address", MongoText.FromNullable(record.ClientIp) },
                { "failures", record.Failures },
                { "first_failure_at", MongoInstant.From(record.FirstFailureAt) },
                { "locked_until", MongoInstant.FromNullable(record.LockedUntil) },
                { "expires_at", MongoInstant.From(record.ExpiresAt) },
            },
            new ReplaceOptions { IsUpsert = true },
            cancellationToken);

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var result = await _collection.DeleteOneAsync(ByKey(key), cancellationToken);
        return result.DeletedCount > 0;
    }

    public async Task<int> DeleteForUserAsync(string userId, CancellationToken cancellationToken)
    {
        var result = await _collection.DeleteManyAsync(Filter.Eq("user_id", userId), cancellationToken);
        return (int)result.DeletedCount;
    }

    public async Task<IReadOnlyList<LoginThrottleRecord>> ListLockedAsync(
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var documents = await _collection.Find(Filter.Gt("locked_until", MongoInstant.From(now)))
            .ToListAsync(cancellationToken);
        return LoginThrottleOrder.Sort(documents.Select(Read).ToList());
    }

    // The TTL index removes them too, but only about once a minute, and not at all on some servers.
    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = await _collection.DeleteManyAsync(Filter.Lte("expires_at", MongoInstant.From(now)), cancellationToken);
        return (int)result.DeletedCount;
    }

    private static FilterDefinition<BsonDocument> ByKey(string key) => Filter.Eq("_id", key);

    private static LoginThrottleRecord Read(BsonDocument document) => new(
        document["_id"].AsString,
        document["user_id"].AsString,
        MongoText.ReadNullable(document, "ip_address"),
        document["failures"].ToInt32(),
        MongoInstant.Read(document["first_failure_at"]),
        MongoInstant.ReadNullable(document.GetValue("locked_until", BsonNull.Value)),
        MongoInstant.Read(document["expires_at"]));
}
