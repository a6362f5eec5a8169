using MongoDB.Bson;
using MongoDB.Driver;
using MyChatImposter.Accounts;
using MyChatImposter.Audit;
using MyChatImposter.Storage.Mongo;
using Microsoft.Extensions.DependencyInjection;

namespace MyChatImposter.Tests.Storage.Mongo;

// Runs when MONGODB_URL points at a server (see MongoTestServer); skipped otherwise.
public sealed class MongoAuditLogStoreTests() : AuditLogStoreContract(new MongoTestDatabase())
{
    private IMongoCollection<BsonDocument> AuditLogs =>
        Services!.GetRequiredService<MongoDatabaseContext>().Collection(MongoCollections.AuditLog);

    [Fact]
    public async Task New_documents_have_the_original_shape_plus_the_target()
    {
        var store = await OpenStoreAsync();

        await store.AppendAsync(
            NewEvent("account_disabled", "root", target: "alice", details: new Dictionary<string, string> { ["by"] = "root" }), Ct);

        var raw = await AuditLogs.Find(FilterDefinition<BsonDocument>.Empty).SingleAsync(Ct);
        Assert.Equal(
            ["_id", "timestamp", "event_type", "user_id", "target_user_id", "ip_address", "user_agent", "details"],
            raw.Names);
        Assert.Equal(BsonType.ObjectId, raw["_id"].BsonType);
        Assert.Equal(new BsonDateTime(T0.UtcDateTime), raw["timestamp"]);
        Assert.Equal("root", raw["user_id"]);
        Assert.Equal(new BsonDocument("by", "root"), raw["details"]);
        var read = Assert.Single(await store.QueryAsync(new AuditQuery(), Ct));
        Assert.Equal(raw["_id"].AsObjectId.ToString(), read.Id);
    }

    [Fact]
    public async Task Reads_an_event_written_by_the_original()
    {
        var store = await OpenStoreAsync();
        await AuditLogs.InsertOneAsync(new BsonDocument
        {
            { "timestamp", T0.UtcDateTime },
            { "event_type", "account_locked" },
            { "user_id", "mallory" },
            { "ip_address", BsonNull.Value },
            { "user_agent", "python-requests/2.32" },
            {
                "details", new BsonDocument
                {
                    { "failed_attempts", 10 },
                    { "locked_until", "2026-03-01T12:05:00.123000" },
                    { "at", T0.AddMinutes(5).UtcDateTime },
                }
            },
        }, cancellationToken: Ct);

        var read = Assert.Single(await store.QueryAsync(new AuditQuery(UserId: "mallory"), Ct));

        AssertSameEvent(
            new AuditEvent(T0, "account_locked", "mallory", null, null, "python-requests/2.32", new Dictionary<string, string>
            {
                ["failed_attempts"] = "10",
                ["locked_until"] = "2026-03-01T12:05:00.123000",
                ["at"] = "2026-03-01T12:05:00.1230000+00:00",
            }),
            read);
    }

    [Fact]
    public async Task Creates_the_ttl_and_lookup_indexes()
    {
        await OpenStoreAsync();

        await MongoIndexAssert.HasIndexAsync(AuditLogs, "timestamp", expireAfterSeconds: 2_592_000);
        await MongoIndexAssert.HasIndexAsync(AuditLogs, "user_id");
        await MongoIndexAssert.HasIndexAsync(AuditLogs, "event_type");
        await MongoIndexAssert.HasIndexAsync(AuditLogs, "target_user_id");
    }
}
