using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using MyChatImposter.Storage.Mongo;

namespace MyChatImposter.Tests.Storage.Mongo;

// Runs when MONGODB_URL points at a server (see MongoTestServer); skipped otherwise.
public sealed class MongoTakeoverStoreTests() : TakeoverStoreContract(new MongoTestDatabase())
{
    private IMongoCollection<BsonDocument> Takeovers =>
        Services!.GetRequiredService<MongoDatabaseContext>().Collection(MongoCollections.Takeovers);

    [Fact]
    public async Task A_takeover_is_one_document_with_dates_and_a_null_until_when_open_ended()
    {
        var store = await OpenStoreAsync();
        await store.SetAsync(NewTakeover(), Ct);

        var raw = await Takeovers.Find(FilterDefinition<BsonDocument>.Empty).SingleAsync(Ct);

        Assert.Equal("alice", raw["user_id"]);
        Assert.Equal(Bob, raw["correspondent_id"]);
        Assert.Equal(BsonType.DateTime, raw["since"].BsonType);
        Assert.Equal(BsonNull.Value, raw["until"]);
        Assert.Equal("owner_message", raw["by"]);
    }

    [Fact]
    public async Task The_queries_have_their_indexes()
    {
        await OpenStoreAsync();

        await MongoIndexAssert.HasIndexAsync(Takeovers, "until");
        var indexes = await Takeovers.Indexes.List(Ct).ToListAsync(Ct);
        var conversation = indexes.Single(index => index["key"].AsBsonDocument == new BsonDocument { { "user_id", 1 }, { "correspondent_id", 1 } });
        Assert.True(conversation.GetValue("unique", false).ToBoolean());
        Assert.Contains(indexes, index => index["key"].AsBsonDocument == new BsonDocument { { "user_id", 1 }, { "since", 1 } });
    }
}
