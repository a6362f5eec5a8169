namespace MyChatImposter.Delivery;

// How an OutboundMessage's content is stored: a message type and JSON. `text` keeps the original's shape (the
// content is the string itself); `document` is an object with the bytes in base64. Another type (the
// group-tracking digests' `ics_actionable_item`) adds a record, a case in each switch and its rendering in
// the sender.
public static class DeliveryContent
{
    public const string Text = "text";
    public const string Document = "document";

    private sealed record DocumentJson(
        [property: JsonPropertyName("file_name")] string FileName,
        [property: JsonPropertyName("mime_type")] string MimeType,
        [property: JsonPropertyName("caption")] string? Caption,
        [property: JsonPropertyName("data_base64")] string DataBase64);

    public static (string MessageType, string Json) Encode(OutboundContent content) => content switch
    {
        TextContent text => (Text, JsonSerializer.Serialize(text.Text)),
        DocumentContent document => (Document, JsonSerializer.Serialize(new DocumentJson(
            document.FileName, document.MimeType, document.Caption, Convert.ToBase64String(document.Content)))),
        _ => throw new ArgumentException($"{content.GetType().Name} cannot be queued for delivery.", nameof(content)),
    };

    // Null for a type this build does not know or content that does not read as its type: the sender fails
    // such an item visibly instead of dropping it (the original dropped unknown types silently, spec/14 #29).
    public static OutboundContent? Decode(string messageType, string json)
    {
        try
        {
            return messageType switch
            {
                Text => JsonSerializer.Deserialize<string>(json) is { } text ? new TextContent(text) : null,
                Document => JsonSerializer.Deserialize<DocumentJson>(json) is { } document
                    ? new DocumentContent(Convert.FromBase64String(document.DataBase64), document.FileName, document.MimeType, document.Caption)
                    : null,
                _ => null,
            };
        }
        catch (Exception unreadable) when (unreadable is JsonException or FormatException or ArgumentNullException)
        {
            return null;
        }
    }
}
