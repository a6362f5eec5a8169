using System.Text.Json.Nodes;

namespace MyChatImposter.Pages.Bots;

// The configuration document as the editor's textarea holds it.
public static class ConfigurationText
{
    private static readonly JsonSerializerOptions Indented = new(ConfigurationJson.Options) { WriteIndented = true };

    public static string Pretty(UserConfiguration configuration) => JsonSerializer.Serialize(configuration, Indented);

    // The new-bot template leaves user_id empty and the id is typed into its own field: put it into the
    // document. Anything else (another id, text that is not JSON) is left for validation to report.
    public static string WithUserId(string document, string userId)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(document);
        }
        catch (Exception unreadable) when (unreadable is JsonException or InvalidOperationException or ArgumentException)
        {
            return document;
        }
        if (root is not JsonObject configuration
            || configuration["user_id"] is not JsonValue current
            || !current.TryGetValue<string>(out var text)
            || text.Length > 0)
        {
            return document;
        }
        configuration["user_id"] = userId;
        return configuration.ToJsonString(Indented);
    }
}
