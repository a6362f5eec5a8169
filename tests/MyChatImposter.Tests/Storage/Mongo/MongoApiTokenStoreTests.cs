using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using MyChatImposter.Storage.Mongo;

namespace MyChatImposter.Tests.Storage.Mongo;

// Runs when MONGODB_URL points at a server (see MongoTestServer); skipped otherwise.
public sealed class MongoApiTokenStoreTests() : ApiTokenStoreContract(new MongoTestDatabase())
{
    private IMongoCollection<BsonDocument> Tokens =>
        Services!.GetRequiredService<MongoDatabaseContext>().Collection(MongoCollections.ApiTokens);

    [Fact]
    public async Task New_documents_have_the_documented_shape()
    {
        var store = await OpenStoreAsync();

        await store.CreateAsync(NewToken("ab12", "alice", "ci"), Ct);

        var raw = await Tokens.Find(FilterDefinition<BsonDocument>.Empty).SingleAsync(Ct);
        Assert.Equal(
            ["_id", "user_id", "name", "token_hash", "prefix", "created_at", "created_by", "last_used_at", "expires_at",
                "revoked_at", "revoked_by", "state"],
            raw.Names);
        Assert.Equal("ab12", raw["_id"]);
        Assert.Equal("active", raw["state"]);
        Assert.Equal(new BsonDateTime(T0.AddDays(30).UtcDateTime), raw["expires_at"]);
    }

    [Fact]
    public async Task Creates_the_hash_index()
    {
        await OpenStoreAsync();

        await MongoIndexAssert.HasIndexAsync(Tokens, "token_hash", unique: true);
    }
}
