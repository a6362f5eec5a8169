namespace MyChatImposter.Webhooks;

// The events a subscription may ask for, by the names sent in X-Imposter-Event and the body's `type`. `ping`
// is not subscribed to: the test button and endpoint send it to one subscription whatever it asked for.
public static class WebhookEventTypes
{
    public const string MessageReceived = "message.received";
    public const string ReplySent = "reply.sent";
    public const string DeliveryFailed = "delivery.failed";
    public const string SessionStatusChanged = "session.status_changed";
    public const string DigestSent = "digest.sent";
    public const string Ping = "ping";

    public static IReadOnlyList<string> All { get; } = [MessageReceived, ReplySent, DeliveryFailed, SessionStatusChanged, DigestSent];

    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);
}
