using MongoDB.Bson;
using MongoDB.Driver;

namespace MyChatImposter.Tests.Storage.Mongo;

internal static class MongoIndexAssert
{
    // The collection has an index on exactly this one ascending field, with these options.
    public static async Task HasIndexAsync(
        IMongoCollection<BsonDocument> collection, string field, bool unique = false, int? expireAfterSeconds = null)
    {
        var indexes = await collection.Indexes.List(TestContext.Current.CancellationToken)
            .ToListAsync(TestContext.Current.CancellationToken);
        var index = indexes.SingleOrDefault(i => i["key"].AsBsonDocument == new BsonDocument(field, 1));

        Assert.True(index is not null,
            $"{collection.CollectionNamespace.CollectionName} has no index on {field}; it has {indexes.ToJson()}");
        Assert.Equal(unique, index.GetValue("unique", false).ToBoolean());
        Assert.Equal(expireAfterSeconds, index.TryGetValue("expireAfterSeconds", out var ttl) ? ttl.ToInt32() : null);
    }
}
