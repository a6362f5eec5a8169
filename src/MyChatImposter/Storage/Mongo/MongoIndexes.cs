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
        new(MongoCollections.Accounts, "unique user_id", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("user_id"),
            new CreateIndexOptions { Unique = true })),
        new(MongoCollections.LoginSessions, "user_id", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("user_id"))),
        new(MongoCollections.LoginSessions, "TTL expires_at", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("expires_at"),
            new CreateIndexOptions { ExpireAfter = TimeSpan.Zero })),
        new(MongoCollections.LoginThrottle, "user_id", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("user_id"))),
        new(MongoCollections.LoginThrottle, "TTL expires_at", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("expires_at"),
            new CreateIndexOptions { ExpireAfter = TimeSpan.Zero })),
        new(MongoCollections.AuditLog, "TTL timestamp (30 days)", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("timestamp"),
            new CreateIndexOptions { ExpireAfter = TimeSpan.FromSeconds(2_592_000) })),
        new(MongoCollections.AuditLog, "user_id", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("user_id"))),
        new(MongoCollections.AuditLog, "event_type", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("event_type"))),
        new(MongoCollections.AuditLog, "target_user_id", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("target_user_id"))),
        // The original's archive may already hold documents this index refuses (the same provider message
        // id twice, or several without one): the runner then logs the failure and the archive still works,
        // without the database-side duplicate check.
        new(MongoCollections.MessageArchive, "unique user_id+correspondent_id+provider_message_id",
            new CreateIndexModel<BsonDocument>(
                Builders<BsonDocument>.IndexKeys.Ascending("user_id").Ascending("correspondent_id").Ascending("provider_message_id"),
                new CreateIndexOptions { Unique = true })),
        // The next id and pages of one correspondent in id order; without it every page sorts all of the
        // correspondent's messages in memory.
        new(MongoCollections.MessageArchive, "user_id+correspondent_id+id",
            new CreateIndexModel<BsonDocument>(
                Builders<BsonDocument>.IndexKeys.Ascending("user_id").Ascending("correspondent_id").Ascending("id"))),
        new(MongoCollections.DeadLetters, "user_id", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("user_id"))),
        // One history per key; the user_id prefix also serves reading and erasing all of a user's histories.
        new(MongoCollections.ConversationContext, "unique user_id+context_key", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("user_id").Ascending("context_key"),
            new CreateIndexOptions { Unique = true })),
    ];
}

public static class MongoCollections
{
    public const string Configurations = "configurations";
    public const string Accounts = "user_auth_credentials";
    public const string LoginSessions = "authenticated_sessions";
    public const string LoginThrottle = "login_throttle";
    public const string AuditLog = "audit_logs";
    public const string DataProtectionKeys = "data_protection_keys";
    public const string MessageArchive = "queues";
    public const string DeadLetters = "pipeline_dead_letters";
    public const string ChatSessions = "chat_sessions";
    public const string ConversationContext = "auto_reply_context";
}
