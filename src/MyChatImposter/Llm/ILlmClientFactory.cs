using Microsoft.Extensions.AI;

namespace MyChatImposter.Llm;

// Builds the chat client of one user's bot from its llm_provider_config: the official OpenAI SDK (any
// OpenAI-compatible base URL) or the fake provider, with timeouts, retries on transient errors and, when the
// user asked for it, recording of every prompt and answer. Features only ever see IChatClient.
public interface ILlmClientFactory
{
    // Throws LlmConfigurationException when the settings cannot make a client (e.g. no key anywhere).
    IChatClient Create(string userId, LlmProviderConfig settings);
}

// Field: the JSON path of the setting at fault, so pages and ProblemDetails can show it beside the field.
public sealed class LlmConfigurationException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
