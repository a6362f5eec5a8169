namespace MyChatImposter.OwnerControl;

// What happened to the bot's replies in a conversation, as its history shows it.
public enum ReplyEventKind
{
    Replied,      // an auto reply was queued for sending (Text: the reply)
    Drafted,      // a draft waits for the owner (Text: the draft; DraftNumber)
    Monitored,    // monitor mode drafted what it would have sent (Text)
    Approved,     // the owner approved a draft; it was queued (Text: what goes out)
    Replaced,     // the owner's own words were queued instead of the draft (Text: the owner's words)
    Rejected,
    Expired,
    Superseded,   // a newer message made a new draft
    Withdrawn,    // a queued reply (Detail: its delivery id) or a pending draft stopped because the owner took over
    TakenOver,    // Detail: until when, or "until handed back"; and how
    HandedBack,   // Detail: how (self_chat, site, api)
}

public sealed record ReplyEvent(
    string UserId, string CorrespondentId, ReplyEventKind Kind, DateTimeOffset At, string? Text = null, string? Detail = null,
    long? DraftNumber = null)
{
    // Assigned by the store, increasing.
    public long Id { get; init; }
}
