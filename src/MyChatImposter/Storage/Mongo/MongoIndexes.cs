using MongoDB.Bson;
using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

// Description names the index in logs, e.g. "unique config_data.user_id".
public sealed record MongoIndex(string Collection, string Description, CreateIndexModel<BsonDocument> Model);

// The indexes created at start, per collection (shared/spec/12-mongodb.md). Append one entry per index.
// Names are left to the server's default (field_1), which matches the indexes the original created, so
// starting over its database finds them in place instead of failing on a name clash.
public static class MongoIndexes
{
    public static IReadOnlyList<MongoIndex> All { get; } =
    [
        new(MongoCollections.Configurations, "unique config_data.user_id", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("config_data.user_id"),
            new CreateIndexOptions { Unique = true })),
    ];
}

public static class MongoCollections
{
    public const string Configurations = "configurations";
}
