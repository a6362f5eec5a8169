using MongoDB.Bson;
using MongoDB.Driver;
using MyChatImposter.Storage.Mongo;
using Microsoft.Extensions.DependencyInjection;

namespace MyChatImposter.Tests.Storage.Mongo;

// Runs when MONGODB_URL points at a server (see MongoTestServer); skipped otherwise.
public sealed class MongoLoginThrottleStoreTests() : LoginThrottleStoreContract(new MongoTestDatabase())
{
    private IMongoCollection<BsonDocument> Throttle =>
        Services!.GetRequiredService<MongoDatabaseContext>().Collection(MongoCollections.LoginThrottle);

    [Fact]
    public async Task New_documents_have_the_documented_shape()
    {
        var store = await OpenStoreAsync();

        await store.SaveAsync(NewRecord("alice", "192.0.2.1", failures: 2), Ct);

        var raw = await Throttle.Find(FilterDefinition<BsonDocument>.Empty).SingleAsync(Ct);
        Assert.Equal(
            ["_id", "user_id", "ip_address", "failures", "first_failure_at", "locked_until", "expires_at"], raw.Names);
        Assert.Equal("alice|192.0.2.1", raw["_id"]);
        Assert.Equal(BsonNull.Value, raw["locked_until"]);
        Assert.Equal(new BsonDateTime(T0.AddMinutes(10).UtcDateTime), raw["expires_at"]);
    }

    [Fact]
    public async Task Creates_the_user_and_ttl_indexes()
    {
        await OpenStoreAsync();

        await MongoIndexAssert.HasIndexAsync(Throttle, "user_id");
        await MongoIndexAssert.HasIndexAsync(Throttle, "expires_at", expireAfterSeconds: 0);
    }
}
