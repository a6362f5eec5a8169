using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using MyChatImposter.Configuration;
using MyChatImposter.Llm;

namespace MyChatImposter.Tests.AutoReply;

// The LLM client factory of the tests (the real one comes from the LLM branch): every bot gets the same
// scripted client, and the settings each session asked for are kept.
public sealed class TestLlm : ILlmClientFactory
{
    public ScriptedChatClient Client { get; } = new();

    public ConcurrentQueue<(string UserId, LlmProviderConfig Settings)> Created { get; } = new();

    // When set, Create refuses the settings as the real factory does (e.g. no API key anywhere).
    public LlmConfigurationException? Refuse { get; set; }

    public IChatClient Create(string userId, LlmProviderConfig settings)
    {
        if (Refuse is { } refusal)
        {
            throw refusal;
        }
        Created.Enqueue((userId, settings));
        return Client;
    }
}
