using Microsoft.Extensions.Options;
using MyChatImposter.ChatProviders.Sandbox;
using MyChatImposter.Configuration;

namespace MyChatImposter.ChatProviders;

public sealed class ChatProviderUnavailableException(string message) : Exception(message);

// Resolves a configuration's chat_provider_config to a provider instance for one user.
public sealed class ChatProviderFactory(SandboxWorld sandbox, IOptions<SandboxOptions> sandboxOptions, TimeProvider time)
{
    public IChatProvider Create(string userId, ChatProviderConfig config)
    {
        if (!ProviderNames.TryResolveChat(config.ProviderName, out var kind))
        {
            throw new ChatProviderUnavailableException($"'{config.ProviderName}' is not a known chat provider.");
        }
        return kind switch
        {
            ChatProviderKind.Sandbox => new SandboxProvider(userId, sandbox, config.ProviderConfig, sandboxOptions.Value, time),
            // The Node/Baileys bridge comes with its own issue; until then linking says so plainly.
            _ => throw new ChatProviderUnavailableException(
                "The WhatsApp bridge is not part of this build yet; use the sandbox provider (dummy) to try the bot."),
        };
    }
}
