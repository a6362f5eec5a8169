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
        // The delivery queue: a state's list in order, the oldest active item per recipient, the sends of
        // the last day per user (caps) and old sent items (retention).
        new(MongoCollections.DeliveryQueue, "user_id+state+sequence", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("message_metadata.message_destination.user_id").Ascending("state").Ascending("sequence"))),
        new(MongoCollections.DeliveryQueue, "user_id+state+recipient+sequence", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("message_metadata.message_destination.user_id").Ascending("state")
                .Ascending("recipient").Ascending("sequence"))),
        new(MongoCollections.DeliveryQueue, "user_id+state+sent_at", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("message_metadata.message_destination.user_id").Ascending("state").Ascending("sent_at"))),
        new(MongoCollections.DeliveryQueue, "state+sent_at", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("state").Ascending("sent_at"))),
        // Old withdrawn items (retention, by when they were withdrawn).
        new(MongoCollections.DeliveryQueue, "state+withdrawn_at", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("state").Ascending("withdrawn_at"))),
        // A user's pages, newest first; the retention purge by start time.
        new(MongoCollections.LlmInteractions, "user_id+_id", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("user_id").Ascending("_id"))),
        new(MongoCollections.LlmInteractions, "started_at", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("started_at"))),
        // Group tracking reads one group's messages by time: the originating time, or the accepted time for a
        // message without one (originating_time null), so one index serves both branches of the query.
        new(MongoCollections.MessageArchive, "user_id+correspondent_id+originating_time+accepted_time",
            new CreateIndexModel<BsonDocument>(
                Builders<BsonDocument>.IndexKeys.Ascending("user_id").Ascending("correspondent_id")
                    .Ascending("originating_time").Ascending("accepted_time"))),
        // A period is unique by its end (the upsert's key); the user_id prefix serves listing a user's periods.
        // The original's database may hold duplicates this refuses: then the runner logs it and upserts still
        // work, without the database-side guard.
        new(MongoCollections.TrackedGroupPeriods, "unique user_id+tracked_group_unique_identifier+periodEnd",
            new CreateIndexModel<BsonDocument>(
                Builders<BsonDocument>.IndexKeys.Ascending("user_id").Ascending("tracked_group_unique_identifier").Ascending("periodEnd"),
                new CreateIndexOptions { Unique = true })),
        new(MongoCollections.TrackedGroupPeriods, "user_id+periodEnd",
            new CreateIndexModel<BsonDocument>(
                Builders<BsonDocument>.IndexKeys.Ascending("user_id").Ascending("periodEnd"))),
        // One state per group: AdvanceAsync relies on it to turn a racing second insert into an update.
        new(MongoCollections.GroupTrackingState, "unique user_id+group_id",
            new CreateIndexModel<BsonDocument>(
                Builders<BsonDocument>.IndexKeys.Ascending("user_id").Ascending("group_id"),
                new CreateIndexOptions { Unique = true })),
        // One history per key; the user_id prefix also serves reading and erasing all of a user's histories.
        new(MongoCollections.ConversationContext, "unique user_id+context_key", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("user_id").Ascending("context_key"),
            new CreateIndexOptions { Unique = true })),
        // Drafts: at most one pending per conversation (a partial unique index: decided drafts of the
        // conversation do not count); a user's drafts by number, all or one state's; the expiry sweep; retention.
        new(MongoCollections.Drafts, "unique pending user_id+correspondent_id", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("user_id").Ascending("correspondent_id"),
            new CreateIndexOptions<BsonDocument>
            {
                Unique = true,
                PartialFilterExpression = Builders<BsonDocument>.Filter.Eq("state", "pending"),
            })),
        new(MongoCollections.Drafts, "user_id+number", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("user_id").Ascending("number"))),
        new(MongoCollections.Drafts, "user_id+state+number", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("user_id").Ascending("state").Ascending("number"))),
        new(MongoCollections.Drafts, "state+expires_at", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("state").Ascending("expires_at"))),
        new(MongoCollections.Drafts, "decided_at", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("decided_at"))),
        // Takeovers: one per conversation (SetAsync's upsert relies on it to turn a racing second insert into
        // an update); a user's list by Since; the housekeeping by Until.
        new(MongoCollections.Takeovers, "unique user_id+correspondent_id", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("user_id").Ascending("correspondent_id"),
            new CreateIndexOptions { Unique = true })),
        new(MongoCollections.Takeovers, "user_id+since", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("user_id").Ascending("since"))),
        new(MongoCollections.Takeovers, "until", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("until"))),
        // Reply history (_id is the event's id): a user's pages, one conversation's pages, retention by time.
        new(MongoCollections.ReplyHistory, "user_id+_id", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("user_id").Ascending("_id"))),
        new(MongoCollections.ReplyHistory, "user_id+correspondent_id+_id", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("user_id").Ascending("correspondent_id").Ascending("_id"))),
        new(MongoCollections.ReplyHistory, "at", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("at"))),
        // Bot activity (_id is user/hour): a bot's hours in a range, retention by hour.
        new(MongoCollections.BotActivityHours, "user_id+hour", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("user_id").Ascending("hour"))),
        new(MongoCollections.BotActivityHours, "hour", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("hour"))),
        // API tokens (_id is the token's id): a call finds its token by hash; a name is unique among a user's
        // tokens that are not revoked (a partial index, as the drafts' one pending per conversation).
        new(MongoCollections.ApiTokens, "unique token_hash", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("token_hash"),
            new CreateIndexOptions { Unique = true })),
        new(MongoCollections.ApiTokens, "unique active user_id+name", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("user_id").Ascending("name"),
            new CreateIndexOptions<BsonDocument>
            {
                Unique = true,
                PartialFilterExpression = Builders<BsonDocument>.Filter.Eq("state", "active"),
            })),
        new(MongoCollections.ApiTokens, "user_id+created_at", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("user_id").Ascending("created_at"))),
        // Webhooks (_id is the id): a bot's subscriptions; the outbox's due rows, a bot's log (all or one
        // subscription's), retention by age.
        new(MongoCollections.WebhookSubscriptions, "user_id+created_at", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("user_id").Ascending("created_at"))),
        new(MongoCollections.WebhookOutbox, "state+next_attempt_at", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("state").Ascending("next_attempt_at"))),
        new(MongoCollections.WebhookOutbox, "user_id+created_at", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("user_id").Ascending("created_at"))),
        new(MongoCollections.WebhookOutbox, "subscription_id+created_at", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("subscription_id").Ascending("created_at"))),
        new(MongoCollections.WebhookOutbox, "created_at", new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("created_at"))),
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
    // One collection with a state field replaces the original's async_message_delivery_queue_{active,holding,failed}.
    public const string DeliveryQueue = "async_message_delivery_queue";
    public const string DeliverySequence = "async_message_delivery_queue_sequence";
    public const string LlmInteractions = "llm_interactions";
    public const string ConversationContext = "auto_reply_context";
    public const string TrackedGroupPeriods = "tracked_group_periods";
    public const string GroupTrackingState = "group_tracking_state";
    public const string Drafts = "reply_drafts";
    public const string Takeovers = "takeovers";
    public const string ReplyHistory = "reply_history";
    // Counter documents: the drafts' numbers and the reply events' ids.
    public const string OwnerControlSequences = "owner_control_sequences";
    public const string BotActivityHours = "bot_activity_hours";
    public const string ApiTokens = "api_tokens";
    public const string WebhookSubscriptions = "webhook_subscriptions";
    public const string WebhookOutbox = "webhook_outbox";
}
