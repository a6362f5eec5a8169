using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using MyChatImposter.Storage.Mongo;

namespace MyChatImposter.Tests.Storage.Mongo;

// Runs when MONGODB_URL points at a server (see MongoTestServer); skipped otherwise.
public sealed class MongoWebhookOutboxStoreTests() : WebhookOutboxStoreContract(new MongoTestDatabase())
{
    private IMongoCollection<BsonDocument> Outbox =>
        Services!.GetRequiredService<MongoDatabaseContext>().Collection(MongoCollections.WebhookOutbox);

    [Fact]
    public async Task A_row_keeps_its_payload_as_text_and_its_times_as_dates()
    {
        var store = await OpenStoreAsync();
        await store.AddAsync([NewDelivery("d1")], Ct);

        var raw = await Outbox.Find(FilterDefinition<BsonDocument>.Empty).SingleAsync(Ct);

        Assert.Equal("d1", raw["_id"]);
        Assert.Equal(BsonType.String, raw["payload"].BsonType);
        Assert.Equal(BsonType.DateTime, raw["next_attempt_at"].BsonType);
        Assert.Equal("pending", raw["state"]);
    }

    [Fact]
    public async Task The_dispatchers_query_has_its_index()
    {
        await OpenStoreAsync();

        var indexes = await Outbox.Indexes.List(Ct).ToListAsync(Ct);
        Assert.Contains(indexes, index => index["key"].AsBsonDocument == new BsonDocument { { "state", 1 }, { "next_attempt_at", 1 } });
    }
}
