using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using MyChatImposter.AutoReply;
using MyChatImposter.Storage.Mongo;

namespace MyChatImposter.Tests.Storage.Mongo;

// Runs when MONGODB_URL points at a server (see MongoTestServer); skipped otherwise.
public sealed class MongoConversationContextStoreTests() : ConversationContextStoreContract(new MongoTestDatabase())
{
    private IMongoCollection<BsonDocument> Contexts =>
        Services!.GetRequiredService<MongoDatabaseContext>().Collection(MongoCollections.ConversationContext);

    [Fact]
    public async Task A_history_is_one_document_with_its_entries_and_a_unique_key()
    {
        var store = await OpenStoreAsync();

        await store.SaveAsync("ann", "dana", [new ContextEntry("Bot: hi", T0, FromBot: true)], Ct);
        await store.SaveAsync("ann", "dana", [new ContextEntry("Dana: hello", T0, FromBot: false)], Ct);

        var raw = await Contexts.Find(FilterDefinition<BsonDocument>.Empty).SingleAsync(Ct);
        // Field order is the server's business (an upserted replacement gets its _id where the server puts it).
        Assert.Equal(["_id", "context_key", "entries", "updated_at", "user_id"], raw.Names.Order(StringComparer.Ordinal));
        Assert.Equal(
            new BsonArray { new BsonDocument { { "content", "Dana: hello" }, { "added_at", new BsonDateTime(T0.UtcDateTime) }, { "from_bot", false } } },
            raw["entries"]);
        var indexes = await Contexts.Indexes.List(Ct).ToListAsync(Ct);
        var key = indexes.Single(index => index["key"].AsBsonDocument == new BsonDocument { { "user_id", 1 }, { "context_key", 1 } });
        Assert.True(key["unique"].ToBoolean());
    }
}
