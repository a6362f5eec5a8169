using System.Text.Json.Serialization;

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
    [property: JsonPropertyName("alternate_identifiers")] IReadOnlyList<string>? AlternateIdentifiers)
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
        return new InboundMessage(
            Id,
            IsGroup ? ChatId : CorrespondentId ?? ChatId,
            new ChatParty(senderId, DisplayName, alternates),
            group,
            Text ?? "",
            FromMe ? MessageDirection.Outgoing : MessageDirection.Incoming,
            RecipientId ?? (FromMe ? ChatId : ownIdentifier),
            OriginatingTime is > 0 and var milliseconds ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : null);
    }
}
