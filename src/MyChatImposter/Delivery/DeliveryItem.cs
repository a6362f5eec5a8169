namespace MyChatImposter.Delivery;

// Where an item is (spec/03 §2, one `state` field instead of the original's three collections, so every
// change of state is one atomic single-row update): active = the account is connected and its sender may
// send it; holding = the account is not connected (or the host is starting); failed = its attempts are used
// up; sent = delivered, kept with the provider's message id so it is never sent again and so the caps count
// what went out across restarts (deleted after Delivery:SentRetention); withdrawn = an auto reply still
// unsent when the owner took the conversation over: kept to be seen, never sent (deleted after the same
// retention, counted from WithdrawnAt).
public enum DeliveryState
{
    Active,
    Holding,
    Failed,
    Sent,
    Withdrawn,
}

// One outbound message in the queue. Content is JSON whose shape MessageType decides (a string for `text`,
// an object for `document`; the group-tracking digests add `ics_actionable_item`, rendered at send time).
// SendingSince marks an attempt in flight: set with the attempt's count before the provider is called,
// cleared when the attempt ends. An item still marked after a crash may have been delivered (README,
// "Delivery queue": the crash window).
public sealed record DeliveryItem(
    string Id,
    string UserId,
    string? ProviderName,
    string Recipient,
    string Origin,
    string MessageType,
    string Content,
    DeliveryState State,
    int Attempts,
    DateTimeOffset CreatedAt)
{
    // Assigned by the store: greater than that of every item stored before, so it orders a user's items
    // first in, first out.
    public long Sequence { get; init; }

    // A retry waits until then (jittered exponential backoff); null = at once.
    public DateTimeOffset? NextAttemptAt { get; init; }

    public DateTimeOffset? SendingSince { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? FailedAt { get; init; }

    public string? ProviderMessageId { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public DateTimeOffset? WithdrawnAt { get; init; }
}

// A send the caps count: to whom and when.
public sealed record SentRecord(string Recipient, DateTimeOffset SentAt);

// The durable queue of every user's outbound items. Every method changing one item is one atomic write whose
// condition (the item's state) makes it safe against a concurrent change: it answers false when the item was
// deleted or moved meanwhile.
public interface IDeliveryStore
{
    // Stores a new item and returns it with its Sequence.
    Task<DeliveryItem> AddAsync(DeliveryItem item, CancellationToken cancellationToken);

    Task<DeliveryItem?> GetAsync(string id, CancellationToken cancellationToken);

    // One user's items in one state in sequence order, those after afterSequence, at most limit (1..1000).
    Task<IReadOnlyList<DeliveryItem>> ListAsync(
        string userId, DeliveryState state, long afterSequence, int limit, CancellationToken cancellationToken);

    Task<long> CountAsync(string userId, DeliveryState state, CancellationToken cancellationToken);

    // Every user's items per state (the depth metric); states without items are absent.
    Task<IReadOnlyDictionary<DeliveryState, long>> CountByStateAsync(CancellationToken cancellationToken);

    // The oldest active item of each of the user's recipients, in sequence order: first in, first out per
    // recipient means only these may go next.
    Task<IReadOnlyList<DeliveryItem>> ActiveHeadsAsync(string userId, CancellationToken cancellationToken);

    // Moves the user's items (every user's when userId is null) from one state to another; returns how many.
    Task<long> MoveAsync(string? userId, DeliveryState from, DeliveryState to, CancellationToken cancellationToken);

    // Starts an attempt: Attempts + 1 and SendingSince = now, only while the item is active.
    Task<bool> ClaimAsync(string id, DateTimeOffset now, CancellationToken cancellationToken);

    // The provider accepted it: state sent with its message id and time, in one write.
    Task<bool> CompleteAsync(string id, string providerMessageId, DateTimeOffset sentAt, CancellationToken cancellationToken);

    // An attempt that did not send: no longer in flight, next try not before nextAttemptAt. refundAttempt
    // takes the attempt back (the account was rate-limited or went away: not the item's fault).
    Task<bool> ReleaseAsync(
        string id, DateTimeOffset? nextAttemptAt, string? lastError, bool refundAttempt, CancellationToken cancellationToken);

    // Attempts used up: failed, with the last error.
    Task<bool> FailAsync(string id, string lastError, DateTimeOffset failedAt, CancellationToken cancellationToken);

    // A failed item goes back to `to` (active or holding) with its attempts reset; false if it is not failed.
    Task<bool> RetryAsync(string id, DeliveryState to, CancellationToken cancellationToken);

    Task<long> RetryAllAsync(string userId, DeliveryState to, CancellationToken cancellationToken);

    // Removes the item only while it is in that state.
    Task<bool> DeleteAsync(string id, DeliveryState state, CancellationToken cancellationToken);

    Task<long> DeleteForUserAsync(string userId, CancellationToken cancellationToken);

    // The user's sends since then, oldest first.
    Task<IReadOnlyList<SentRecord>> SentSinceAsync(string userId, DateTimeOffset since, CancellationToken cancellationToken);

    // Retention of the sent items (by SentAt) and the withdrawn ones (by WithdrawnAt), every user's.
    Task<long> DeleteSentBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken);

    // The owner took the conversation over: the user's active and holding items to the recipient from that
    // origin, except one whose attempt is in flight (SendingSince set: it may be on the wire), become
    // withdrawn at `at`, each in one conditional write. Returns the items withdrawn, in sequence order.
    Task<IReadOnlyList<DeliveryItem>> WithdrawAsync(
        string userId, string recipient, string origin, DateTimeOffset at, CancellationToken cancellationToken);
}

public static class DeliveryStates
{
    public const int MaxPage = 1_000;

    // The names stored and shown: active, holding, failed, sent, withdrawn.
    public static string Name(DeliveryState state) => state switch
    {
        DeliveryState.Active => "active",
        DeliveryState.Holding => "holding",
        DeliveryState.Failed => "failed",
        DeliveryState.Sent => "sent",
        DeliveryState.Withdrawn => "withdrawn",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static DeliveryState Parse(string name) => name switch
    {
        "active" => DeliveryState.Active,
        "holding" => DeliveryState.Holding,
        "failed" => DeliveryState.Failed,
        "sent" => DeliveryState.Sent,
        "withdrawn" => DeliveryState.Withdrawn,
        _ => throw new FormatException($"'{name}' is not a delivery state."),
    };

    // A page size outside 1..MaxPage is the caller's mistake, refused rather than clamped.
    public static void CheckLimit(int limit)
    {
        if (limit is < 1 or > MaxPage)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"The limit must be between 1 and {MaxPage}.");
        }
    }
}
