namespace MyChatImposter.Hosting;

// The event ids of the app's [LoggerMessage] logs: one range per area, so an id ("[6012]" in a log line)
// names one log statement. A new log takes the next free id of its class's range; a new area takes a free
// range here. LogEventIdTests holds every LoggerMessage of the assembly to this table, and no two to one id.
public static class LogEventIds
{
    public sealed record Range(int First, int Last, string Area, params string[] Classes);

    public static IReadOnlyList<Range> Ranges { get; } =
    [
        new(1001, 1009, "storage start-up and the SQLite writer", "SqliteDatabase", "SqliteWriter", "MongoDatabaseContext"),
        new(1010, 1019, "first-run setup", "FirstRunSetup"),
        new(1020, 1029, "housekeeping", "AccountsHousekeeping", "HourlyHousekeeping"),
        new(1030, 1039, "login sessions", "LoginSessionTicketStore"),
        new(1040, 1049, "the original's data", "OriginalDeliveryQueueImport"),
        new(1100, 1109, "audit and refusal records", "AuditTrail", "RefusalTally"),
        new(1110, 1119, "API refusals", "ClientFaultExceptionHandler"),
        new(1120, 1129, "data-protection key ring", "KeyRingAtRest"),
        new(1130, 1139, "API tokens", "ApiTokenService", "ApiTokenAuthenticationHandler"),
        new(2000, 2099, "pipeline", "DeadLetterRecorder"),
        new(3000, 3099, "chat sessions", "ChatSessions", "ChatSessionsHost"),
        new(3100, 3199, "WhatsApp", "EmbeddedBridge", "WhatsAppProvider"),
        new(4100, 4199, "delivery", "DeliverySender", "DeliveryQueue", "DeliveryHost"),
        new(5000, 5099, "group tracking", "GroupTrackingRunner", "ActionItemExtractor", "GroupTrackingScheduler"),
        new(6000, 6099, "auto-reply", "ConversationTurns", "AutoReplyFeature"),
        new(6100, 6199, "owner control", "OwnerDesk", "OwnerControlHousekeeping"),
        new(7000, 7099, "LLM", "RecordingChatClient", "GuardedConnector", "LlmInteractionsHousekeeping"),
        new(8000, 8099, "bot activity", "BotActivityRecorder", "BotActivityFlusher", "BotActivityHousekeeping"),
        new(9000, 9099, "webhooks", "WebhookEvents", "WebhookDispatcher", "WebhookFeeds", "WebhooksHousekeeping"),
    ];
}
