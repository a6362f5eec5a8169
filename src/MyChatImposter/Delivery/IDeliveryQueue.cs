namespace MyChatImposter.Delivery;

// What a feature hands over to be sent: the item is stored (active) before EnqueueAsync returns, so once it
// returns the message is never lost; the user's sender delivers it paced, in order per recipient, retried.
public interface IDeliveryQueue
{
    Task<DeliveryItemId> EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken);

    // The owner took the conversation over: what was queued to the recipient from that origin and has not
    // started sending is withdrawn (kept, never sent). Returns the items withdrawn.
    Task<IReadOnlyList<DeliveryItem>> WithdrawAsync(string userId, string recipient, string origin, CancellationToken cancellationToken);
}

public readonly record struct DeliveryItemId(string Value)
{
    public override string ToString() => Value;
}

// Recipient: a chat id (a contact's JID or a group's JID). SelfRecipient means the account's own chat
// ("message yourself"), used for digests; the provider resolves it when sending.
// Origin: which feature produced it (auto_reply, group_tracking, ...), for the pages and metrics.
public sealed record OutboundMessage(string UserId, string Recipient, OutboundContent Content, string Origin)
{
    public const string SelfRecipient = "self";

    // The item's id when the caller must know it before the item exists (an approved draft records where its
    // reply went in the same write that approves it); a new id otherwise.
    public string? Id { get; init; }
}

public abstract record OutboundContent;

public sealed record TextContent(string Text) : OutboundContent;

public sealed record DocumentContent(byte[] Content, string FileName, string MimeType, string? Caption) : OutboundContent;
