using MongoDB.Bson;
using MongoDB.Driver;
using MyChatImposter.Storage.Mongo;
using Microsoft.Extensions.DependencyInjection;

namespace MyChatImposter.Tests.Storage.Mongo;

// Runs when MONGODB_URL points at a server (see MongoTestServer); skipped otherwise.
public sealed class MongoLoginSessionStoreTests() : LoginSessionStoreContract(new MongoTestDatabase())
{
    private IMongoCollection<BsonDocument> Sessions =>
        Services!.GetRequiredService<MongoDatabaseContext>().Collection(MongoCollections.LoginSessions);

    [Fact]
    public async Task New_documents_have_the_documented_shape()
    {
        var store = await OpenStoreAsync();

        await store.CreateAsync(NewSession("ab12", "alice"), Ct);

        var raw = await Sessions.Find(FilterDefinition<BsonDocument>.Empty).SingleAsync(Ct);
        Assert.Equal(
            ["_id", "session_id", "user_id", "created_at", "last_seen_at", "expires_at", "ip_address", "user_agent"],
            raw.Names);
        Assert.Equal("ab12", raw["_id"]);
        Assert.Equal("ab12", raw["session_id"]);
        Assert.Equal(new BsonDateTime(T0.AddHours(24).UtcDateTime), raw["expires_at"]);
    }

    [Fact]
    public async Task Works_beside_the_originals_sessions_and_its_unique_session_id_index()
    {
        var store = await OpenStoreAsync();
        // What a database taken over from the original holds.
        await Sessions.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("session_id"), new CreateIndexOptions { Unique = true }),
            cancellationToken: Ct);
        await Sessions.InsertOneAsync(new BsonDocument
        {
            { "_id", ObjectId.GenerateNewId() },
            { "session_id", "5f0c8a52-6d1e-4b8e-9c3a-0e4f2d1b7a66" },
            { "user_id", "alice" },
            { "role", "admin" },
            { "created_at", T0.UtcDateTime },
            { "last_accessed", T0.UtcDateTime },
            { "expires_at", T0.AddHours(24).UtcDateTime },
            { "ip_address", "192.0.2.1" },
            { "user_agent", "curl" },
        }, cancellationToken: Ct);

        await store.CreateAsync(NewSession("aa01", "alice", minutes: 1), Ct);
        await store.CreateAsync(NewSession("aa02", "alice", minutes: 2), Ct);

        Assert.Equal(["aa02", "aa01"], (await store.ListForUserAsync("alice", Ct)).Select(s => s.IdHash));
        Assert.Null(await store.GetAsync("5f0c8a52-6d1e-4b8e-9c3a-0e4f2d1b7a66", Ct));
        // Ending all of alice's sessions ends the original's too.
        Assert.Equal(3, await store.DeleteForUserAsync("alice", exceptIdHash: null, Ct));
    }

    [Fact]
    public async Task Creates_the_user_and_ttl_indexes()
    {
        await OpenStoreAsync();

        await MongoIndexAssert.HasIndexAsync(Sessions, "user_id");
        await MongoIndexAssert.HasIndexAsync(Sessions, "expires_at", expireAfterSeconds: 0);
    }
}
