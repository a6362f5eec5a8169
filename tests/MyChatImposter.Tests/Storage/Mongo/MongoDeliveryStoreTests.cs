using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using MyChatImposter.Delivery;
using MyChatImposter.Storage.Mongo;

namespace MyChatImposter.Tests.Storage.Mongo;

// Runs when MONGODB_URL points at a server (see MongoTestServer); skipped otherwise.
public sealed class MongoDeliveryStoreTests() : DeliveryStoreContract(new MongoTestDatabase())
{
    private IMongoCollection<BsonDocument> Queue =>
        Services!.GetRequiredService<MongoDatabaseContext>().Collection(MongoCollections.DeliveryQueue);

    [Fact]
    public async Task Items_keep_the_original_item_shape_with_the_queue_fields_added()
    {
        var store = await OpenStoreAsync();
        var item = await store.AddAsync(NewItem(text: "hello"), Ct);

        var raw = await Queue.Find(FilterDefinition<BsonDocument>.Empty).SingleAsync(Ct);

        Assert.Equal(new BsonString("hello"), raw["content"]);
        Assert.Equal("text", raw["message_type"]);
        Assert.Equal(new BsonDocument
        {
            { "message_id", item.Id },
            { "message_destination", new BsonDocument { { "user_id", "alice" }, { "provider_name", "sandbox" } } },
            { "send_attempts", 0 },
        }, raw["message_metadata"]);
        Assert.Equal(BsonType.DateTime, raw["created_at"].BsonType);
        Assert.Equal("active", raw["state"]);
        Assert.Equal(item.Sequence, raw["sequence"].ToInt64());
    }

    [Fact]
    public async Task The_queries_have_their_indexes()
    {
        await OpenStoreAsync();

        var indexes = await Queue.Indexes.List(Ct).ToListAsync(Ct);
        var keys = indexes.Select(index => string.Join(",", index["key"].AsBsonDocument.Names)).ToList();

        const string user = "message_metadata.message_destination.user_id";
        Assert.Contains($"{user},state,sequence", keys);
        Assert.Contains($"{user},state,recipient,sequence", keys);
        Assert.Contains($"{user},state,sent_at", keys);
        Assert.Contains("state,sent_at", keys);
    }
}
