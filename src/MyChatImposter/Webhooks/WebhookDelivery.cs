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
}
