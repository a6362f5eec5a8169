using MongoDB.Bson;
using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

// Documents in `authenticated_sessions`, keyed by the hash of the cookie's session id:
// {_id: id_hash, session_id: id_hash, user_id, created_at, last_seen_at, expires_at, ip_address, user_agent}.
// session_id repeats the hash because a database taken over from the original carries its unique index on
// session_id: without the field every new document would count as session_id null, and the second login
// would fail on a duplicate key. The original's own documents (ObjectId _id, raw session id) can never be
// looked up by a hash; they are left out of lists and vanish through the TTL index within 24 h.
public sealed class MongoLoginSessionStore(MongoDatabaseContext context) : ILoginSessionStore
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    private readonly IMongoCollection<BsonDocument> _collection = context.Collection(MongoCollections.LoginSessions);

    public Task CreateAsync(LoginSession session, CancellationToken cancellationToken) =>
        _collection.InsertOneAsync(new BsonDocument
        {
            { "_id", session.IdHash },
            { "session_id", session.IdHash },
            { "user_id", session.UserId },
            { "created_at", MongoInstant.From(session.CreatedAt) },
            { "last_seen_at", MongoInstant.From(session.LastSeenAt) },
            { "expires_at", MongoInstant.From(session.ExpiresAt) },
            { "ip_address", MongoText.FromNullable(session.ClientIp) },
            { "user_agent", MongoText.FromNullable(session.UserAgent) },
        }, cancellationToken: cancellationToken);

    public Task<LoginSession?> GetAsync(string idHash, CancellationToken cancellationToken) =>
        _collection.FindOneAsync(ById(idHash), Read, cancellationToken);

    public async Task<IReadOnlyList<LoginSession>> ListForUserAsync(string userId, CancellationToken cancellationToken)
    {
        var documents = await _collection.Find(Filter.Eq("user_id", userId))
            .Sort(Builders<BsonDocument>.Sort.Descending("created_at").Ascending("_id"))
            .ToListAsync(cancellationToken);
        return documents.Where(d => d["_id"].IsString).Select(Read).ToList();
    }

    public Task TouchAsync(string idHash, DateTimeOffset lastSeenAt, CancellationToken cancellationToken) =>
        _collection.UpdateOneAsync(
            ById(idHash),
            Builders<BsonDocument>.Update.Set("last_seen_at", MongoInstant.From(lastSeenAt)),
            cancellationToken: cancellationToken);

    public async Task<bool> DeleteAsync(string idHash, CancellationToken cancellationToken)
    {
        var result = await _collection.DeleteOneAsync(ById(idHash), cancellationToken);
        return result.DeletedCount > 0;
    }

    public async Task<int> DeleteForUserAsync(string userId, string? exceptIdHash, CancellationToken cancellationToken)
    {
        var filter = Filter.Eq("user_id", userId);
        if (exceptIdHash is not null)
        {
            filter &= Filter.Ne("_id", exceptIdHash);
        }
        var result = await _collection.DeleteManyAsync(filter, cancellationToken);
        return (int)result.DeletedCount;
    }

    // The TTL index removes expired sessions too, but only about once a minute, never idle ones, and not at
    // all on some servers.
    public async Task<int> DeleteExpiredAsync(
        DateTimeOffset now, DateTimeOffset idleCutoff, CancellationToken cancellationToken)
    {
        var expired = Filter.Or(
            Filter.Lte("expires_at", MongoInstant.From(now)),
            Filter.Lte("last_seen_at", MongoInstant.From(idleCutoff)));
        var result = await _collection.DeleteManyAsync(expired, cancellationToken);
        return (int)result.DeletedCount;
    }

    private static FilterDefinition<BsonDocument> ById(string idHash) => Filter.Eq("_id", idHash);

    private static LoginSession Read(BsonDocument document) => new(
        document["_id"].AsString,
        document["user_id"].AsString,
        MongoInstant.Read(document["created_at"]),
        MongoInstant.Read(document["last_seen_at"]),
        MongoInstant.Read(document["expires_at"]),
        MongoText.ReadNullable(document, "ip_address"),
        MongoText.ReadNullable(document, "user_agent"));
}
