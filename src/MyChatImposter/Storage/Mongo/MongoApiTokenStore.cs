using MongoDB.Bson;
using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

// Documents in `api_tokens`: {_id: id, user_id, name, token_hash, prefix, created_at, created_by, last_used_at,
// expires_at, revoked_at, revoked_by, state: "active" | "revoked"}. state exists for the partial unique index on
// user_id+name, which cannot filter on a missing or null revoked_at everywhere.
public sealed class MongoApiTokenStore(MongoDatabaseContext context) : IApiTokenStore
{
    private const string Active = "active";
    private const string Revoked = "revoked";

    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    private readonly IMongoCollection<BsonDocument> _collection = context.Collection(MongoCollections.ApiTokens);

    public async Task<bool> CreateAsync(ApiToken token, CancellationToken cancellationToken)
    {
        var document = new BsonDocument
        {
            { "_id", token.Id },
            { "user_id", token.UserId },
            { "name", token.Name },
            { "token_hash", token.Hash },
            { "prefix", token.Prefix },
            { "created_at", MongoInstant.From(token.CreatedAt) },
            { "created_by", token.CreatedBy },
            { "last_used_at", MongoInstant.FromNullable(token.LastUsedAt) },
            { "expires_at", MongoInstant.FromNullable(token.ExpiresAt) },
            { "revoked_at", MongoInstant.FromNullable(token.RevokedAt) },
            { "revoked_by", MongoText.FromNullable(token.RevokedBy) },
            { "state", token.RevokedAt is null ? Active : Revoked },
        };
        try
        {
            await _collection.InsertOneAsync(document, cancellationToken: cancellationToken);
            return true;
        }
        catch (MongoException ex) when (MongoErrors.IsDuplicateKey(ex))
        {
            return false;
        }
    }

    public Task<ApiToken?> GetByHashAsync(string hash, CancellationToken cancellationToken) =>
        _collection.FindOneAsync(Filter.Eq("token_hash", hash), Read, cancellationToken);

    public Task<ApiToken?> GetAsync(string id, CancellationToken cancellationToken) =>
        _collection.FindOneAsync(Filter.Eq("_id", id), Read, cancellationToken);

    public async Task<IReadOnlyList<ApiToken>> ListAsync(string? userId, CancellationToken cancellationToken)
    {
        var filter = userId is null ? FilterDefinition<BsonDocument>.Empty : Filter.Eq("user_id", userId);
        var documents = await _collection.Find(filter)
            .Sort(Builders<BsonDocument>.Sort.Descending("created_at").Ascending("_id"))
            .ToListAsync(cancellationToken);
        return documents.Select(Read).ToList();
    }

    public Task TouchAsync(string hash, DateTimeOffset lastUsedAt, CancellationToken cancellationToken) =>
        _collection.UpdateOneAsync(
            Filter.Eq("token_hash", hash),
            Builders<BsonDocument>.Update.Set("last_used_at", MongoInstant.From(lastUsedAt)),
            cancellationToken: cancellationToken);

    public async Task<bool> RevokeAsync(string id, DateTimeOffset revokedAt, string revokedBy, CancellationToken cancellationToken)
    {
        var result = await _collection.UpdateOneAsync(
            Filter.Eq("_id", id) & Filter.Eq("state", Active),
            Builders<BsonDocument>.Update
                .Set("revoked_at", MongoInstant.From(revokedAt))
                .Set("revoked_by", revokedBy)
                .Set("state", Revoked),
            cancellationToken: cancellationToken);
        return result.ModifiedCount > 0;
    }

    public async Task<int> DeleteForUserAsync(string userId, CancellationToken cancellationToken)
    {
        var result = await _collection.DeleteManyAsync(Filter.Eq("user_id", userId), cancellationToken);
        return (int)result.DeletedCount;
    }

    private static ApiToken Read(BsonDocument document) => new(
        document["_id"].AsString,
        document["user_id"].AsString,
        document["name"].AsString,
        document["token_hash"].AsString,
        document["prefix"].AsString,
        MongoInstant.Read(document["created_at"]),
        document["created_by"].AsString,
        MongoInstant.ReadNullable(document["last_used_at"]),
        MongoInstant.ReadNullable(document["expires_at"]),
        MongoInstant.ReadNullable(document["revoked_at"]),
        MongoText.ReadNullable(document, "revoked_by"));
}
