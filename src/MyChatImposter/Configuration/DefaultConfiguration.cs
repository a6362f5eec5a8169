namespace MyChatImposter.Configuration;

// The starting point the UI offers for a new user (spec/01 §4). Unlike the original's template, its
// provider names resolve, so a configuration saved unchanged from it can be linked (spec/14 #19).
public static class DefaultConfiguration
{
    // gpt-4o-mini rather than the original's gpt-4: cheaper, faster, and still offered by the API.
    internal const string Model = "gpt-4o-mini";

    // Records are immutable and the template carries no extension data, so one instance can be shared.
    public static UserConfiguration Template { get; } = new()
    {
        UserId = "default_template",
        Configurations = new ConfigurationsSettings
        {
            ChatProviderConfig = new ChatProviderConfig { ProviderName = ProviderNames.WhatsAppBaileys },
            LlmProviderConfig = new LlmProviderConfig
            {
                ProviderName = ProviderNames.OpenAi,
                ProviderConfig = new LlmProviderSettings
                {
                    ApiKeySource = ApiKeySource.Environment,
                    Model = Model,
                    Temperature = 0.7,
                },
            },
        },
    };
}
