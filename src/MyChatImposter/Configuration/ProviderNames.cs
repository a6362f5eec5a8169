namespace MyChatImposter.Configuration;

public enum ChatProviderKind
{
    WhatsApp,
    Sandbox,
}

public enum LlmProviderKind
{
    OpenAi,
    Fake,
}

// The one registry of provider names (spec/14 #19: the original's template named providers that did not
// exist). The original module names are kept, misspelling included, so its documents still load; the
// plain aliases are what new documents should use. Matching ignores case: the original was case-sensitive,
// but nothing is gained by rejecting "openai".
public static class ProviderNames
{
    internal const string WhatsAppBaileys = "whatsAppBaileyes";
    internal const string Dummy = "dummy";
    internal const string OpenAi = "openAi";
    internal const string FakeLlm = "fakeLlm";

    private static readonly Dictionary<string, ChatProviderKind> ChatNames = new(StringComparer.OrdinalIgnoreCase)
    {
        [WhatsAppBaileys] = ChatProviderKind.WhatsApp,
        ["whatsapp"] = ChatProviderKind.WhatsApp,
        [Dummy] = ChatProviderKind.Sandbox,
        ["sandbox"] = ChatProviderKind.Sandbox,
    };

    private static readonly Dictionary<string, LlmProviderKind> LlmNames = new(StringComparer.OrdinalIgnoreCase)
    {
        // Also matches "openai": the comparer ignores case.
        [OpenAi] = LlmProviderKind.OpenAi,
        [FakeLlm] = LlmProviderKind.Fake,
        ["fake"] = LlmProviderKind.Fake,
    };

    // For error messages and the schema's descriptions.
    internal const string ChatNamesDescription =
        "whatsAppBaileyes or whatsapp (WhatsApp), dummy or sandbox (simulator)";
    internal const string LlmNamesDescription = "openAi or openai (OpenAI), fakeLlm or fake (canned answers)";

    // The original's name for each provider kind: stored with archived messages, so a user who writes
    // "sandbox" one day and "dummy" the next keeps one message history.
    public static string Canonical(ChatProviderKind kind) => kind switch
    {
        ChatProviderKind.WhatsApp => WhatsAppBaileys,
        _ => Dummy,
    };

    public static string Canonical(LlmProviderKind kind) => kind switch
    {
        LlmProviderKind.OpenAi => OpenAi,
        _ => FakeLlm,
    };

    public static bool TryResolveChat(string? name, out ChatProviderKind kind)
    {
        kind = default;
        return name is not null && ChatNames.TryGetValue(name, out kind);
    }

    public static bool TryResolveLlm(string? name, out LlmProviderKind kind)
    {
        kind = default;
        return name is not null && LlmNames.TryGetValue(name, out kind);
    }
}
