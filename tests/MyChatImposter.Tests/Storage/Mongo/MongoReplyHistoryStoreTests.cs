using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using MyChatImposter.OwnerControl;
using MyChatImposter.Storage.Mongo;

namespace MyChatImposter.Tests.Storage.Mongo;

// Runs when MONGODB_URL points at a server (see MongoTestServer); skipped otherwise.
public sealed class MongoReplyHistoryStoreTests() : ReplyHistoryStoreContract(new MongoTestDatabase())
{
    private IMongoCollection<BsonDocument> History =>
        Services!.GetRequiredService<MongoDatabaseContext>().Collection(MongoCollections.ReplyHistory);

    [Fact]
    public async Task An_event_is_one_document_whose_id_is_the_events_id()
    {
        var store = await OpenStoreAsync();
        var stored = await store.AddAsync(NewEvent(kind: ReplyEventKind.TakenOver) with { DraftNumber = 7 }, Ct);

        var raw = await History.Find(FilterDefinition<BsonDocument>.Empty).SingleAsync(Ct);

        Assert.Equal(stored.Id, raw["_id"].ToInt64());
        Assert.Equal("taken_over", raw["kind"]);
        Assert.Equal(BsonType.DateTime, raw["at"].BsonType);
        Assert.Equal(7, raw["draft_number"].ToInt64());
    }

    [Fact]
    public async Task The_queries_have_their_indexes()
    {
        await OpenStoreAsync();

        await MongoIndexAssert.HasIndexAsync(History, "at");
        var keys = (await History.Indexes.List(Ct).ToListAsync(Ct)).Select(index => string.Join(",", index["key"].AsBsonDocument.Names)).ToList();
        Assert.Contains("user_id,_id", keys);
        Assert.Contains("user_id,correspondent_id,_id", keys);
    }
}
