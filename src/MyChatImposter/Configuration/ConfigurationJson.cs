namespace MyChatImposter.Configuration;

// One set of serializer options for configuration documents everywhere: API bodies, stores, schema.
public static class ConfigurationJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            // Strict types: "5" is not an int. The original coerced; a wrong type is now a clear 4xx.
            NumberHandling = JsonNumberHandling.Strict,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            RespectNullableAnnotations = true,
            AllowTrailingCommas = false,
            ReadCommentHandling = JsonCommentHandling.Disallow,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static string Serialize(UserConfiguration configuration) =>
        JsonSerializer.Serialize(configuration, Options);

    public static UserConfiguration Deserialize(string json) =>
        JsonSerializer.Deserialize<UserConfiguration>(json, Options)
        ?? throw new JsonException("A configuration document cannot be null.");
}
