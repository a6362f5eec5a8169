namespace MyChatImposter.ChatProviders;

// Who wrote a message: the provider's id for them (a phone JID, a LID, a sandbox name), the name they
// show, and every other identifier known for them (spec/02 §2), which whitelists match against.
public sealed record ChatParty(string Identifier, string? DisplayName, IReadOnlyList<string> AlternateIdentifiers);

public sealed record ChatGroup(string Id, string? Name, IReadOnlyList<string> AlternateIdentifiers);

public enum MessageDirection
{
    Incoming,
    // Sent from the account itself: by the bot, or by its owner on another device.
    Outgoing,
}

// A message as a chat provider hands it to the pipeline. CorrespondentId is the conversation it belongs
// to: the group id for group chats, the other person's permanent id for direct chats. QuotedText: the first
// line of the message this one replies to (WhatsApp's quote), which the owner uses to answer a draft.
public sealed record InboundMessage(
    string ProviderMessageId,
    string CorrespondentId,
    ChatParty Sender,
    ChatGroup? Group,
    string Text,
    MessageDirection Direction,
    string? RecipientId,
    DateTimeOffset? OriginatingTime,
    string? QuotedText = null);
