namespace MyChatImposter.ChatProviders;

public sealed class ChatProviderUnavailableException(string message) : Exception(message);

// The provider is part of this build but cannot start on this host as it is set up (a missing program or
// folder); the message says what to install or configure. Linking answers 503 with it.
public class ChatProviderNotReadyException(string message) : Exception(message);

// Resolves a configuration's chat_provider_config to a provider instance for one user, through the kind
// registered under its ChatProviderKind (IChatProviderKind). A kind nobody registered is not part of this
// build: linking says so plainly rather than failing at start.
public sealed class ChatProviderFactory(IServiceProvider services)
{
    public IChatProvider Create(string userId, ChatProviderConfig config)
    {
        if (!ProviderNames.TryResolveChat(config.ProviderName, out var kind))
        {
            throw new ChatProviderUnavailableException($"'{config.ProviderName}' is not a known chat provider.");
        }
        var registered = services.GetKeyedService<IChatProviderKind>(kind)
            ?? throw new ChatProviderUnavailableException(
                $"The {kind} chat provider is not part of this build yet; use the sandbox provider (dummy) to try the bot.");
        return registered.Create(userId, config.ProviderConfig);
    }

    // Every kind this build has, in the enum's order so erasure runs in the same order every time.
    public IReadOnlyList<IChatProviderKind> Registered =>
        [.. Enum.GetValues<ChatProviderKind>().Select(kind => services.GetKeyedService<IChatProviderKind>(kind)).OfType<IChatProviderKind>()];
}
