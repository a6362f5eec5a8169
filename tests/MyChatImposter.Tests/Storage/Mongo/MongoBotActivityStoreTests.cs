using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using MyChatImposter.Storage.Mongo;

namespace MyChatImposter.Tests.Storage.Mongo;

// Runs when MONGODB_URL points at a server (see MongoTestServer); skipped otherwise.
public sealed class MongoBotActivityStoreTests() : BotActivityStoreContract(new MongoTestDatabase())
{
    private IMongoCollection<BsonDocument> Hours =>
        Services!.GetRequiredService<MongoDatabaseContext>().Collection(MongoCollections.BotActivityHours);

    [Fact]
    public async Task An_hour_is_one_document_with_a_date_and_its_latency_buckets_by_name()
    {
        var store = await OpenStoreAsync();
        await store.AddAsync([At(0, Busy())], Ct);

        var raw = await Hours.Find(FilterDefinition<BsonDocument>.Empty).SingleAsync(Ct);

        Assert.Equal("alice", raw["user_id"]);
        Assert.Equal(BsonType.DateTime, raw["hour"].BsonType);
        Assert.Equal(3, raw["received"].ToInt64());
        Assert.Equal(1, raw["llm_latency"]["le_1s"].ToInt64());
    }

    [Fact]
    public async Task The_queries_have_their_indexes()
    {
        await OpenStoreAsync();

        await MongoIndexAssert.HasIndexAsync(Hours, "hour");
        var indexes = await Hours.Indexes.List(Ct).ToListAsync(Ct);
        Assert.Contains(indexes, index => index["key"].AsBsonDocument == new BsonDocument { { "user_id", 1 }, { "hour", 1 } });
    }
}
