namespace MyChatImposter.Llm;

// JSON paths of the LLM settings, for LlmConfigurationException.Field: the same keys the validator uses,
// so a page or ProblemDetails shows the error beside the field.
internal static class LlmSettingsFields
{
    public const string ProviderName = "configurations.llm_provider_config.provider_name";
    public const string Settings = "configurations.llm_provider_config.provider_config";
    public const string ApiKeySource = Settings + ".api_key_source";
    public const string ApiKey = Settings + ".api_key";

    public static string Path(string field) => $"{Settings}.{field}";
}
