namespace MyChatImposter.Configuration;

// Configuration is set only when Errors is empty. IsMalformedJson separates "not JSON at all" (400) from
// "JSON that is not a valid configuration" (422) for callers that answer differently.
public sealed record ConfigurationReadResult(
    UserConfiguration? Configuration,
    IReadOnlyDictionary<string, string[]> Errors,
    bool IsMalformedJson);
