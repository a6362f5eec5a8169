using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using MeaiChatOptions = Microsoft.Extensions.AI.ChatOptions;

namespace MyChatImposter.Llm;

// The openAi provider: the official OpenAI SDK's ChatClient seen as an IChatClient, against OpenAI or any
// OpenAI-compatible base_url. Every request carries the configured model and temperature, the seed and
// reasoning_effort only when set, and each extra provider_config field as a top-level request field
// (spec/04 §5: "any extra field passes through unchanged", e.g. max_tokens).
internal static class OpenAiChatClient
{
    // endpoint and http: where the requests go and through which client (LlmEndpoint, LlmHttpClients).
    public static IChatClient Create(LlmProviderSettings settings, string apiKey, Uri endpoint, HttpClient http, LlmOptions options)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            Transport = new HttpClientPipelineTransport(http),
            // RetryingChatClient retries and times out each attempt; the SDK's own policy would multiply the
            // attempts and wait outside TimeProvider. Its network timeout only backs ours up.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = options.Timeout + TimeSpan.FromSeconds(30),
        };
        var chatClient = new ChatClient(settings.Model, new ApiKeyCredential(apiKey), clientOptions).AsIChatClient();
        return chatClient.AsBuilder().ConfigureOptions(request => Apply(settings, request)).Build();
    }

    // What the caller did not set comes from the configuration.
    private static void Apply(LlmProviderSettings settings, MeaiChatOptions request)
    {
        request.ModelId ??= settings.Model;
        request.Temperature ??= (float)settings.Temperature;
        request.Seed ??= settings.Seed;
        request.RawRepresentationFactory ??= _ => RequestWithExtras(settings);
    }

    // A fresh object per request: the SDK adapter fills it in. reasoning_effort goes in as the document
    // spells it (the SDK's typed property is experimental and has no "minimal" in every version).
    private static ChatCompletionOptions RequestWithExtras(LlmProviderSettings settings)
    {
        var request = new ChatCompletionOptions();
        if (settings.ReasoningEffort is { } effort)
        {
            Set(request, "reasoning_effort", JsonSerializer.SerializeToUtf8Bytes(effort, ConfigurationJson.Options));
        }
        foreach (var (name, value) in settings.Extra ?? [])
        {
            // The fake provider's answers are not an OpenAI setting; OpenAI would refuse the unknown field.
            if (name != FakeChatClient.AnswersField && !LlmRequestFields.IsSetByEachCall(name))
            {
                Set(request, name, JsonSerializer.SerializeToUtf8Bytes(value));
            }
        }
        return request;
    }

    private static void Set(ChatCompletionOptions request, string name, byte[] utf8Json)
    {
#pragma warning disable SCME0001 // JsonPatch is the SDK's way to send fields it has no property for.
        request.Patch.Set(Encoding.UTF8.GetBytes(JsonPath(name)), utf8Json);
#pragma warning restore SCME0001
    }

    // "$.max_tokens", or the bracket form for names that are not plain identifiers.
    private static string JsonPath(string name) =>
        name.Length > 0 && name.All(character => char.IsAsciiLetterOrDigit(character) || character == '_') && !char.IsAsciiDigit(name[0])
            ? "$." + name
            : "$['" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "']";
}
