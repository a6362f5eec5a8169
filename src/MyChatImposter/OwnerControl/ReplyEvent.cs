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

public static class ReplyEventKinds
{
    public static string Name(ReplyEventKind kind) => kind switch
    {
        ReplyEventKind.Replied => "replied",
        ReplyEventKind.Drafted => "drafted",
        ReplyEventKind.Monitored => "monitored",
        ReplyEventKind.Approved => "approved",
        ReplyEventKind.Replaced => "replaced",
        ReplyEventKind.Rejected => "rejected",
        ReplyEventKind.Expired => "expired",
        ReplyEventKind.Superseded => "superseded",
        ReplyEventKind.Withdrawn => "withdrawn",
        ReplyEventKind.TakenOver => "taken_over",
        ReplyEventKind.HandedBack => "handed_back",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static ReplyEventKind Parse(string name)
    {
        foreach (var kind in Enum.GetValues<ReplyEventKind>())
        {
            if (Name(kind) == name)
            {
                return kind;
            }
        }
        throw new FormatException($"'{name}' is not a reply event kind.");
    }
}
