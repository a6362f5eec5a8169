namespace MyChatImposter.Webhooks;

// The durable outbox of webhook deliveries. Each changing method is one conditional write on the row's state,
// so an attempt's outcome never overwrites a row that was redelivered or erased meanwhile.
public interface IWebhookOutboxStore : IUserRecords
{
    Task AddAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken);

    Task<WebhookDelivery?> GetAsync(string userId, string id, CancellationToken cancellationToken);

    // Every user's pending rows due at or before now, the longest due first, at most limit.
    Task<IReadOnlyList<WebhookDelivery>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    // When the next pending row falls due (the dispatcher's timer), or null when none is pending.
    Task<DateTimeOffset?> NextDueAtAsync(CancellationToken cancellationToken);

    // Starts an attempt: Attempts + 1 and NextAttemptAt = leaseUntil, only while the row is pending and due at
    // now. False when another attempt took it or it is no longer pending.
    Task<bool> ClaimAsync(string id, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    // Records how the attempt ended, only while the row is still pending.
    Task<bool> FinishAttemptAsync(string id, WebhookAttemptOutcome outcome, CancellationToken cancellationToken);

    // "Send again": the row goes back to pending, due at now, with its attempts counted from zero and its
    // event id unchanged. False when the user has no such row.
    Task<bool> RedeliverAsync(string userId, string id, DateTimeOffset now, CancellationToken cancellationToken);

    // The bot's rows newest first (by CreatedAt), one subscription's when subscriptionId is given, one state's
    // when state is given; limit 1..MaxPage.
    Task<IReadOnlyList<WebhookDelivery>> ListAsync(
        string userId, string? subscriptionId, WebhookDeliveryState? state, int limit, CancellationToken cancellationToken);

    Task<long> DeleteForSubscriptionAsync(string userId, string subscriptionId, CancellationToken cancellationToken);

    // Retention: every user's delivered and failed rows created before then.
    Task<long> DeleteFinishedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
