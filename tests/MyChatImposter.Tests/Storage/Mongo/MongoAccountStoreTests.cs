using MongoDB.Bson;
using MongoDB.Driver;
using MyChatImposter.Accounts;
using MyChatImposter.Storage.Mongo;
using Microsoft.Extensions.DependencyInjection;

namespace MyChatImposter.Tests.Storage.Mongo;

// Runs when MONGODB_URL points at a server (see MongoTestServer); skipped otherwise.
public sealed class MongoAccountStoreTests() : AccountStoreContract(new MongoTestDatabase())
{
    private IMongoCollection<BsonDocument> Credentials =>
        Services!.GetRequiredService<MongoDatabaseContext>().Collection(MongoCollections.Accounts);

    [Fact]
    public async Task New_documents_have_the_documented_shape()
    {
        var store = await OpenStoreAsync();

        await store.CreateAsync(NewAccount("alice", AccountRole.Admin), Ct);

        var raw = await Credentials.Find(FilterDefinition<BsonDocument>.Empty).SingleAsync(Ct);
        Assert.Equal(["_id", "user_id", "password_hash", "role", "disabled", "created_at", "updated_at"], raw.Names);
        Assert.Equal("alice", raw["_id"]);
        Assert.Equal("admin", raw["role"]);
        Assert.Equal(false, raw["disabled"]);
        Assert.Equal(new BsonDateTime(T0.UtcDateTime), raw["created_at"]);
        Assert.Equal(BsonType.DateTime, raw["updated_at"].BsonType);
    }

    [Fact]
    public async Task Reads_and_updates_a_document_written_by_the_original()
    {
        var store = await OpenStoreAsync();
        var id = ObjectId.GenerateNewId(new DateTime(2025, 6, 1, 8, 30, 0, DateTimeKind.Utc));
        await Credentials.InsertOneAsync(new BsonDocument
        {
            { "_id", id },
            { "user_id", "root" },
            { "password_hash", "$2b$12$originalhashoriginalhashoriginalhashorigina" },
            { "role", "admin" },
        }, cancellationToken: Ct);
        var insertedAt = new DateTimeOffset(2025, 6, 1, 8, 30, 0, TimeSpan.Zero);

        var read = await store.GetAsync("root", Ct);

        Assert.Equal(
            new Account("root", AccountRole.Admin, "$2b$12$originalhashoriginalhashoriginalhashorigina", false, insertedAt, insertedAt),
            read);
        Assert.Equal(1, await store.CountEnabledAdminsAsync(Ct));
        Assert.Equal(["root"], (await store.ListAsync(Ct)).Select(a => a.UserId));

        // The unique index on user_id refuses a second account, although the _ids differ.
        Assert.False(await store.CreateAsync(NewAccount("root"), Ct));

        Assert.True(await store.UpdateAsync(read! with { PasswordHash = "new-hash", UpdatedAt = T0 }, Ct));
        Assert.Equal(read with { PasswordHash = "new-hash", UpdatedAt = T0 }, await store.GetAsync("root", Ct));
        var raw = await Credentials.Find(FilterDefinition<BsonDocument>.Empty).SingleAsync(Ct);
        Assert.Equal(id, raw["_id"]);
    }

    [Fact]
    public async Task Creates_the_unique_user_id_index()
    {
        await OpenStoreAsync();

        await MongoIndexAssert.HasIndexAsync(Credentials, "user_id", unique: true);
    }
}
