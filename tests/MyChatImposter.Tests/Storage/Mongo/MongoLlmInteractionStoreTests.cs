using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using MyChatImposter.Storage.Mongo;

namespace MyChatImposter.Tests.Storage.Mongo;

// Runs when MONGODB_URL points at a server (see MongoTestServer); skipped otherwise.
public sealed class MongoLlmInteractionStoreTests() : LlmInteractionStoreContract(new MongoTestDatabase())
{
    private IMongoCollection<BsonDocument> Interactions =>
        Services!.GetRequiredService<MongoDatabaseContext>().Collection(MongoCollections.LlmInteractions);

    [Fact]
    public async Task New_documents_have_the_documented_shape_and_indexes()
    {
        var store = await OpenStoreAsync();

        await store.AddAsync(NewInteraction("alice"), Ct);

        var raw = await Interactions.Find(FilterDefinition<BsonDocument>.Empty).SingleAsync(Ct);
        Assert.Equal(["_id", "user_id", "started_at", "duration_ms", "provider", "model", "prompt", "answer", "error"], raw.Names);
        Assert.Equal(new BsonDateTime(T0.UtcDateTime), raw["started_at"]);
        Assert.Equal(1234L, raw["duration_ms"].ToInt64());
        Assert.Equal("system", raw["prompt"][0]["role"].AsString);
        Assert.Equal(BsonNull.Value, raw["error"]);
        await MongoIndexAssert.HasIndexAsync(Interactions, "started_at");
        var indexes = await Interactions.Indexes.List(Ct).ToListAsync(Ct);
        Assert.Contains(indexes, index => index["key"].AsBsonDocument == new BsonDocument { { "user_id", 1 }, { "_id", 1 } });
    }
}
