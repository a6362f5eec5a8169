using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using MyChatImposter.OwnerControl;
using MyChatImposter.Storage.Mongo;

namespace MyChatImposter.Tests.Storage.Mongo;

// Runs when MONGODB_URL points at a server (see MongoTestServer); skipped otherwise.
public sealed class MongoDraftStoreTests() : DraftStoreContract(new MongoTestDatabase())
{
    private IMongoCollection<BsonDocument> Drafts =>
        Services!.GetRequiredService<MongoDatabaseContext>().Collection(MongoCollections.Drafts);

    [Fact]
    public async Task A_draft_is_one_document_with_its_answered_messages_as_subdocuments()
    {
        var store = await OpenStoreAsync();
        var draft = await store.AddAsync(NewDraft(), Ct);

        var raw = await Drafts.Find(FilterDefinition<BsonDocument>.Empty).SingleAsync(Ct);

        Assert.Equal(draft.Id, raw["_id"].AsString);
        Assert.Equal(draft.Number, raw["number"].ToInt64());
        Assert.Equal("pending", raw["state"]);
        Assert.Equal(new BsonArray(draft.Answered.Select(u => new BsonDocument { { "speaker", u.Speaker }, { "content", u.Content } })),
            raw["answered"]);
        Assert.Equal(BsonType.DateTime, raw["created_at"].BsonType);
        Assert.Equal(BsonType.DateTime, raw["expires_at"].BsonType);
        Assert.Equal(BsonNull.Value, raw["decided_at"]);
    }

    [Fact]
    public async Task The_queries_have_their_indexes_and_one_pending_draft_per_conversation_is_a_partial_unique_index()
    {
        await OpenStoreAsync();

        var indexes = await Drafts.Indexes.List(Ct).ToListAsync(Ct);
        var keys = indexes.Select(index => string.Join(",", index["key"].AsBsonDocument.Names)).ToList();

        Assert.Contains("user_id,number", keys);
        Assert.Contains("user_id,state,number", keys);
        Assert.Contains("state,expires_at", keys);
        Assert.Contains("decided_at", keys);
        var pending = indexes.Single(index => index["key"].AsBsonDocument == new BsonDocument { { "user_id", 1 }, { "correspondent_id", 1 } });
        Assert.True(pending.GetValue("unique", false).ToBoolean());
        Assert.Equal(new BsonDocument("state", "pending"), pending["partialFilterExpression"]);
    }
}
