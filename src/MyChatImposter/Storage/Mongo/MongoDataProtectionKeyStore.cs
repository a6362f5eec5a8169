using MongoDB.Bson;
using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

// Documents in `data_protection_keys`: {_id: ObjectId, friendly_name, xml, created_at}.
public sealed class MongoDataProtectionKeyStore(MongoDatabaseContext context, TimeProvider time) : IDataProtectionKeyStore
{
    private readonly IMongoCollection<BsonDocument> _collection = context.Collection(MongoCollections.DataProtectionKeys);

    public IReadOnlyList<string> ListXml() =>
        _collection.Find(FilterDefinition<BsonDocument>.Empty)
            .Sort(Builders<BsonDocument>.Sort.Ascending("_id"))
            .ToList()
            .Select(d => d["xml"].AsString)
            .ToList();

    public void Add(string friendlyName, string xml) =>
        _collection.InsertOne(new BsonDocument
        {
            { "_id", ObjectId.GenerateNewId() },
            { "friendly_name", MongoText.FromNullable(friendlyName) },
            { "xml", xml },
            { "created_at", MongoInstant.From(time.GetUtcNow()) },
        });

    public bool Replace(string currentXml, string newXml) =>
        _collection.UpdateMany(
            Builders<BsonDocument>.Filter.Eq("xml", currentXml),
            Builders<BsonDocument>.Update.Set("xml", newXml)).ModifiedCount > 0;
}
