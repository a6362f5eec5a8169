using Microsoft.Extensions.AI;

namespace MyChatImposter.Llm;

public sealed class LlmClientFactory(
    IConfiguration configuration, ApiKeyProtector keys, ILlmInteractionStore interactions, LlmHealth health, BotActivityRecorder activity, LlmMetrics metrics, LlmHttpClients http,
    IOptions<LlmOptions> options, TimeProvider time, ILogger<LlmClientFactory> logger) : ILlmClientFactory
{
    // The host's key for api_key_source environment (spec/01), read from configuration so that an
    // environment variable, user secrets or a test's setting all work.
    public const string EnvironmentKey = "OPENAI_API_KEY";

    public IChatClient Create(string userId, LlmProviderConfig settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!ProviderNames.TryResolveLlm(settings.ProviderName, out var kind))
        {
            throw new LlmConfigurationException(LlmSettingsFields.ProviderName,
                $"'{settings.ProviderName}' is not a known LLM provider; use {ProviderNames.LlmNamesDescription}.");
        }
        var provider = kind switch
        {
            LlmProviderKind.OpenAi => OpenAi(userId, settings.ProviderConfig),
            _ => FakeChatClient.Create(userId, settings.ProviderConfig),
        };
        // Outermost first: the recording sees each call once, with its final outcome after the retries.
        return new RecordingChatClient(
            new RetryingChatClient(provider, options.Value, time, Random.Shared.NextDouble),
            userId, settings.ProviderName, settings.ProviderConfig.Model, settings.ProviderConfig.RecordLlmInteractions,
            interactions, health, activity, metrics, time, logger);
    }

    private IChatClient OpenAi(string userId, LlmProviderSettings settings)
    {
        // Before the key: validation already refuses the host's key with a base_url of the user's, and this
        // holds for settings that reach the factory without it, so that key only ever goes to the operator's endpoint.
        var endpoint = LlmEndpoint.For(settings, options.Value);
        return OpenAiChatClient.Create(settings, ApiKey(userId, settings), endpoint.Url, http.For(endpoint), options.Value);
    }

    private string ApiKey(string userId, LlmProviderSettings settings)
    {
        if (settings.ApiKeySource == ApiKeySource.Explicit)
        {
            return keys.Reveal(userId, settings.ApiKey)
                ?? throw new LlmConfigurationException(LlmSettingsFields.ApiKey,
                    "is required when api_key_source is explicit; enter the key, or use api_key_source environment.");
        }
        var key = configuration[EnvironmentKey];
        return string.IsNullOrWhiteSpace(key)
            ? throw new LlmConfigurationException(LlmSettingsFields.ApiKeySource,
                $"is environment, but the host has no {EnvironmentKey}; set it on the host, or choose explicit and enter a key.")
            : key;
    }
}
