namespace MyChatImposter.Pipeline;

[JsonConverter(typeof(StrictEnumConverter<MessageSource>))]
public enum MessageSource
{
    // From a correspondent.
    [JsonStringEnumMemberName("user")] User,
    // The bot's own message echoed back by the provider.
    [JsonStringEnumMemberName("bot")] Bot,
    // Sent by the account's owner from another device: features see it (auto-reply's takeover).
    [JsonStringEnumMemberName("user_outgoing")] UserOutgoing,
}

// One row of the message archive (the original's `queues` collection, spec/12): every accepted message,
// written before anything downstream sees it and never changed afterwards. Id is sequential per
// (user, correspondent) and starts at 1 (the original numbered per provider too; see IMessageArchive).
public sealed record ArchivedMessage(
    string UserId,
    string ProviderName,
    string CorrespondentId,
    long Id,
    string ProviderMessageId,
    string Content,
    ChatParty Sender,
    MessageSource Source,
    DateTimeOffset AcceptedTime,
    DateTimeOffset? OriginatingTime,
    ChatGroup? Group)
{
    public int MessageSize => Content.Length;
}
