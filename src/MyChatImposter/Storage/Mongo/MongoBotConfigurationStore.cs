using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

// Documents keep the original's shape, {_id, config_data: <configuration>}, so the original's database can
// be used as is. New documents get _id = user_id. Documents of the original may have an ObjectId _id, a
// sparse config_data (defaults come from the records) or, in the oldest ones, config_data as a one-element
// array; they are read as they are and rewritten as an object when saved over.
public sealed class MongoBotConfigurationStore(MongoDatabaseContext context) : IBotConfigurationStore
{
    private const string ConfigData = "config_data";
    private const int MaxSaveAttempts = 5;

    // Relaxed, not canonical: numbers come out as plain JSON numbers (an int32 stays 10, not
    // {"$numberInt": "10"}), which is what ConfigurationJson reads.
    private static readonly JsonWriterSettings RelaxedJson = new() { OutputMode = JsonOutputMode.RelaxedExtendedJson };

    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    private readonly IMongoCollection<BsonDocument> _collection = context.Collection(MongoCollections.Configurations);

    public async Task<IReadOnlyList<string>> ListUserIdsAsync(CancellationToken cancellationToken)
    {
        var documents = await _collection.Find(FilterDefinition<BsonDocument>.Empty)
            .Project(Builders<BsonDocument>.Projection.Include($"{ConfigData}.user_id"))
            .ToListAsync(cancellationToken);

        return documents
            .Select(d => ConfigurationOf(d)?.GetValue("user_id", BsonNull.Value))
            .Where(id => id is { IsString: true })
            .Select(id => id!.AsString)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public async Task<UserConfiguration?> GetAsync(string userId, CancellationToken cancellationToken)
    {
        var documents = await _collection.Find(ByUser(userId)).ToListAsync(cancellationToken);
        if (documents.Count == 0)
        {
            return null;
        }

        var configuration = ConfigurationOf(Preferred(documents, userId))
            ?? throw new FormatException($"The MongoDB configuration document of user '{userId}' has no config_data object.");
        return ConfigurationJson.Deserialize(configuration.ToJson(RelaxedJson));
    }

    public async Task<bool> SaveAsync(UserConfiguration configuration, CancellationToken cancellationToken)
    {
        var userId = configuration.UserId;
        var configData = BsonDocument.Parse(ConfigurationJson.Serialize(configuration));

        for (var attempt = 1; ; attempt++)
        {
            var existing = await _collection.Find(ByUser(userId))
                .Project(Builders<BsonDocument>.Projection.Include("_id"))
                .ToListAsync(cancellationToken);

            if (existing.Count == 0)
            {
                try
                {
                    // Keyed by _id, so two first writers cannot both insert: one inserts, the other replaces.
                    var result = await _collection.ReplaceOneAsync(
                        Filter.Eq("_id", userId),
                        new BsonDocument { { "_id", userId }, { ConfigData, configData } },
                        new ReplaceOptions { IsUpsert = true },
                        cancellationToken);
                    return result.UpsertedId is not null;
                }
                catch (MongoException ex) when (MongoErrors.IsDuplicateKey(ex) && attempt < MaxSaveAttempts)
                {
                    // A concurrent writer inserted first; look again and replace its document.
                    continue;
                }
            }

            // Replace in place, keeping the _id of a document written by the original: changing an _id takes a
            // delete and an insert, between which the user would have no configuration.
            var kept = Preferred(existing, userId)["_id"];
            var replaced = await _collection.ReplaceOneAsync(
                Filter.Eq("_id", kept),
                new BsonDocument { { "_id", kept }, { ConfigData, configData } },
                new ReplaceOptions { IsUpsert = false },
                cancellationToken);

            if (replaced.MatchedCount == 0)
            {
                // Deleted in between: start over, this time as a first write.
                if (attempt >= MaxSaveAttempts)
                {
                    throw new InvalidOperationException(
                        $"Could not save the configuration of user '{userId}': it kept changing concurrently.");
                }
                continue;
            }

            if (existing.Count > 1)
            {
                // Duplicates can only come from a database the unique index could not be built on.
                await _collection.DeleteManyAsync(
                    Filter.And(ByUser(userId), Filter.Ne("_id", kept)), cancellationToken);
            }
            return false;
        }
    }

    public async Task<bool> DeleteAsync(string userId, CancellationToken cancellationToken)
    {
        var result = await _collection.DeleteManyAsync(ByUser(userId), cancellationToken);
        return result.DeletedCount > 0;
    }

    // On a real MongoDB "config_data.user_id" also matches inside the legacy array; the explicit ".0." path
    // is what the original queried and what servers without implicit array traversal need. The collection
    // holds one small document per user, so the unindexed branch costs little.
    private static FilterDefinition<BsonDocument> ByUser(string userId) =>
        Filter.Or(
            Filter.Eq($"{ConfigData}.user_id", userId),
            Filter.Eq($"{ConfigData}.0.user_id", userId));

    private static BsonDocument Preferred(IReadOnlyList<BsonDocument> documents, string userId) =>
        documents.FirstOrDefault(d => d.GetValue("_id", BsonNull.Value) == userId) ?? documents[0];

    private static BsonDocument? ConfigurationOf(BsonDocument document) =>
        document.GetValue(ConfigData, BsonNull.Value) switch
        {
            BsonDocument configuration => configuration,
            BsonArray { Count: > 0 } legacy when legacy[0] is BsonDocument first => first,
            _ => null,
        };
}
