namespace MyChatImposter.Webhooks;

public enum WebhookDeliveryState
{
    Pending,
    Delivered,
    Failed,
}

// One event on its way to one subscription: a row of the outbox, written before the first attempt so that a
// restart finds it. EventId is what the receiver dedupes on (the same for every attempt and for every
// subscription the event went to); Id names this row (the delivery log, "send again"). Payload is the
// event's `data` object as JSON. A pending row is due at NextAttemptAt; an attempt in flight has pushed
// NextAttemptAt past its timeout (WebhookDispatcher), so a crash mid-attempt leads to a retry, not a loss.
public sealed record WebhookDelivery(
    string Id,
    string EventId,
    string SubscriptionId,
    string UserId,
    string EventType,
    string Payload,
    DateTimeOffset CreatedAt,
    WebhookDeliveryState State,
    int Attempts,
    DateTimeOffset? NextAttemptAt)
{
    public int? LastStatusCode { get; init; }

    // Short, and never the receiver's body: it is shown on the page and by API.
    public string? LastError { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }
}

// How an attempt ended, as the outbox records it: delivered, pending again (NextAttemptAt) or failed for good.
public sealed record WebhookAttemptOutcome(
    WebhookDeliveryState State, DateTimeOffset? NextAttemptAt, int? StatusCode, string? Error, DateTimeOffset? DeliveredAt);

public static class WebhookDeliveryStates
{
    public const int MaxPage = 1_000;

    public static string Name(WebhookDeliveryState state) => state switch
    {
        WebhookDeliveryState.Pending => "pending",
        WebhookDeliveryState.Delivered => "delivered",
        WebhookDeliveryState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static bool TryParse(string? name, out WebhookDeliveryState state)
    {
        (var known, state) = name switch
        {
            "pending" => (true, WebhookDeliveryState.Pending),
            "delivered" => (true, WebhookDeliveryState.Delivered),
            "failed" => (true, WebhookDeliveryState.Failed),
            _ => (false, WebhookDeliveryState.Pending),
        };
        return known;
    }

    public static WebhookDeliveryState Parse(string name) =>
        TryParse(name, out var state) ? state : throw new FormatException($"'{name}' is not a webhook delivery state.");
}
