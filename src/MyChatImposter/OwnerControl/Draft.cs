namespace MyChatImposter.OwnerControl;

// Where a draft is. Pending waits for the owner; every other state is final:
//   approved   — sent as the bot wrote it          replaced   — the owner's own words were sent instead
//   rejected   — the owner said no                  expired    — nobody decided in time; never sent late
//   superseded — a newer message from the contact made a new draft answering both
//   withdrawn  — the owner wrote to the contact themselves (takeover)
//   monitored  — drafted in monitor mode: shown, never sendable
public enum DraftState
{
    Pending,
    Approved,
    Replaced,
    Rejected,
    Expired,
    Superseded,
    Withdrawn,
    Monitored,
}

// A reply the bot wrote and did not send by itself (reply mode approve or monitor). Answered holds the
// contact's messages it answers, so an approved draft goes into the bot's memory exactly as an auto reply does.
public sealed record Draft(
    string Id,
    string UserId,
    string CorrespondentId,
    string? CorrespondentName,
    IReadOnlyList<Utterance> Answered,
    string Text,
    DraftState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt)
{
    // Assigned by the store, increasing: the short number the owner names a draft by ("ok 12").
    public long Number { get; init; }

    // What went out: the draft's text when approved, the owner's words when replaced.
    public string? SentText { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    // Who or what decided: self_chat, site, api, expiry, newer_message, takeover.
    public string? DecidedBy { get; init; }

    // The delivery item that carries SentText.
    public string? DeliveryId { get; init; }
}

// A pending draft's end, written in one conditional update.
public sealed record DraftDecision(DraftState State, DateTimeOffset At, string By, string? SentText = null, string? DeliveryId = null);
