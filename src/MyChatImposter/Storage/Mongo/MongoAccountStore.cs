using MongoDB.Bson;
using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

// Documents in `user_auth_credentials`: {_id, user_id, password_hash, role, disabled, created_at, updated_at}.
// The original wrote {_id: ObjectId, user_id, password_hash, role} (its admin script); those are read as
// enabled accounts created when their ObjectId was. New documents get _id = user_id, so even where the
// unique index on user_id could not be built, two of them cannot share a user id.
public sealed class MongoAccountStore(MongoDatabaseContext context) : IAccountStore
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    private readonly IMongoCollection<BsonDocument> _collection = context.Collection(MongoCollections.Accounts);

    public Task<Account?> GetAsync(string userId, CancellationToken cancellationToken) =>
        _collection.FindOneAsync(ByUser(userId), Read, cancellationToken);

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken)
    {
        var documents = await _collection.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync(cancellationToken);
        return documents.Select(Read).OrderBy(a => a.UserId, StringComparer.Ordinal).ToList();
    }

    public async Task<bool> CreateAsync(Account account, CancellationToken cancellationToken)
    {
        var document = new BsonDocument
        {
            { "_id", account.UserId },
            { "user_id", account.UserId },
            { "password_hash", account.PasswordHash },
            { "role", EnumNames<AccountRole>.Name(account.Role) },
            { "disabled", account.Disabled },
            { "created_at", MongoInstant.From(account.CreatedAt) },
            { "updated_at", MongoInstant.From(account.UpdatedAt) },
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

    public async Task<bool> UpdateAsync(Account account, CancellationToken cancellationToken)
    {
        var update = Builders<BsonDocument>.Update
            .Set("password_hash", account.PasswordHash)
            .Set("role", EnumNames<AccountRole>.Name(account.Role))
            .Set("disabled", account.Disabled)
            .Set("updated_at", MongoInstant.From(account.UpdatedAt));
        var result = await _collection.UpdateOneAsync(ByUser(account.UserId), update, cancellationToken: cancellationToken);
        return result.MatchedCount > 0;
    }

    public async Task<bool> DeleteAsync(string userId, CancellationToken cancellationToken)
    {
        var result = await _collection.DeleteManyAsync(ByUser(userId), cancellationToken);
        return result.DeletedCount > 0;
    }

    public async Task<int> CountEnabledAdminsAsync(CancellationToken cancellationToken)
    {
        // $ne true also matches the original's documents, which have no disabled field.
        var enabledAdmins = Filter.And(Filter.Eq("role", EnumNames<AccountRole>.Name(AccountRole.Admin)), Filter.Ne("disabled", true));
        return (int)await _collection.CountDocumentsAsync(enabledAdmins, cancellationToken: cancellationToken);
    }

    private static FilterDefinition<BsonDocument> ByUser(string userId) => Filter.Eq("user_id", userId);

    private static Account Read(BsonDocument document)
    {
        var userId = document["user_id"].AsString;
        var role = document.GetValue("role", BsonNull.Value) is { IsString: true } text ? text.AsString : "";
        var createdAt = document.TryGetValue("created_at", out var created) && created.IsValidDateTime
            ? MongoInstant.Read(created)
            : InsertionTime(document);
        var updatedAt = document.TryGetValue("updated_at", out var updated) && updated.IsValidDateTime
            ? MongoInstant.Read(updated)
            : createdAt;

        return new Account(
            userId,
            EnumNames<AccountRole>.Parse(role),
            document["password_hash"].AsString,
            document.GetValue("disabled", false).ToBoolean(),
            createdAt,
            updatedAt);
    }

    // An ObjectId records when the driver made it, to the second: the best creation time an original
    // document has.
    private static DateTimeOffset InsertionTime(BsonDocument document) =>
        document.GetValue("_id", BsonNull.Value) is BsonObjectId id
            ? new DateTimeOffset(id.Value.CreationTime, TimeSpan.Zero)
            : DateTimeOffset.UnixEpoch;
}
