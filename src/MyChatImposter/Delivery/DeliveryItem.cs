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

public static class DeliveryStates
{
    public const int MaxPage = 1_000;

    public static void CheckLimit(int limit) => PageLimit.Check(limit, MaxPage);
}
