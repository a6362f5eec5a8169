namespace MyChatImposter.ChatProviders.WhatsApp;

// A WhatsApp message as the bridge hands it over (README "Protocol": the messages frame). Fields the
// bridge does not know are null.
public sealed record BridgeMessage(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("chat_id")] string? ChatId,
    [property: JsonPropertyName("correspondent_id")] string? CorrespondentId,
    [property: JsonPropertyName("sender_id")] string? SenderId,
    [property: JsonPropertyName("from_me")] bool FromMe,
    [property: JsonPropertyName("is_group")] bool IsGroup,
    [property: JsonPropertyName("group_name")] string? GroupName,
    [property: JsonPropertyName("display_name")] string? DisplayName,
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("originating_time")] long? OriginatingTime,
    [property: JsonPropertyName("recipient_id")] string? RecipientId,
    [property: JsonPropertyName("alternate_identifiers")] IReadOnlyList<string>? AlternateIdentifiers,
    [property: JsonPropertyName("quoted_text")] string? QuotedText = null)
{
    // The pipeline's form; null for a message that cannot be one (no id, no chat), which is acknowledged
    // and dropped rather than offered again on every reconnect.
    public InboundMessage? ToInbound(string ownIdentifier)
    {
        if (string.IsNullOrEmpty(Id) || string.IsNullOrEmpty(ChatId))
        {
            return null;
        }
        var senderId = SenderId ?? ChatId;
        var alternates = (AlternateIdentifiers ?? [])
            .Append(senderId)
            .Append(DisplayName)
            .Where(identifier => !string.IsNullOrEmpty(identifier))
            .Select(identifier => identifier!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var group = IsGroup
            ? new ChatGroup(ChatId, GroupName, GroupName is null ? [ChatId] : [ChatId, GroupName])
            : null;
        // The account's own chat ("Message yourself") is the conversation named "self", where the owner answers
        // drafts and writes commands, and where OutboundMessage.SelfRecipient sends go.
        var conversation = IsGroup ? ChatId : CorrespondentId ?? ChatId;
        if (!IsGroup && IsSameAccount(conversation, ownIdentifier))
        {
            conversation = OutboundMessage.SelfRecipient;
        }
        return new InboundMessage(
            Id,
            conversation,
            new ChatParty(senderId, DisplayName, alternates),
            group,
            Text ?? "",
            FromMe ? MessageDirection.Outgoing : MessageDirection.Incoming,
            // The bot's sends to "self" are recorded under that name, so their echo is recognised as the bot's.
            conversation == OutboundMessage.SelfRecipient && FromMe ? OutboundMessage.SelfRecipient : RecipientId ?? (FromMe ? ChatId : ownIdentifier),
            OriginatingTime is > 0 and var milliseconds ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : null,
            QuotedText);
    }

    // 972501234567:12@s.whatsapp.net (a device of the account) is the account 972501234567@s.whatsapp.net.
    private static bool IsSameAccount(string jid, string ownJid) =>
        ownJid.Contains('@', StringComparison.Ordinal) && Account(jid).Equals(Account(ownJid), StringComparison.OrdinalIgnoreCase);

    private static string Account(string jid)
    {
        var at = jid.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return jid;
        }
        var device = jid.IndexOf(':', StringComparison.Ordinal);
        return (device >= 0 && device < at ? jid[..device] : jid[..at]) + jid[at..];
    }
}
