namespace MyChatImposter.Delivery;

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

    // Per user, the items waiting to be sent (active + holding) and the failed ones, for the activity charts;
    // users with neither are absent.
    Task<IReadOnlyList<UserQueueDepth>> CountWaitingByUserAsync(CancellationToken cancellationToken);

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

public sealed record UserQueueDepth(string UserId, long Waiting, long Failed);
