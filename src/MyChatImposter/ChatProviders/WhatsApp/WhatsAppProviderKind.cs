namespace MyChatImposter.ChatProviders.WhatsApp;

// WhatsApp as a chat provider kind: one WhatsAppProvider per linked user over the shared bridge.
public sealed class WhatsAppProviderKind(
    IWhatsAppBridge bridge, BridgeClient client, IOptions<WhatsAppBridgeOptions> options, TimeProvider time,
    IHostApplicationLifetime lifetime, ILoggerFactory loggers) : IChatProviderKind
{
    public IChatProvider Create(string userId, ChatProviderSettings settings) =>
        new WhatsAppProvider(userId, settings, bridge, client, options.Value, time, lifetime, loggers.CreateLogger<WhatsAppProvider>());

    // The bridge logs the account out (when it can) and erases exactly this user's stored login. A bridge
    // that never ran here holds nothing, and is not started (and installed) just to find that out.
    public async Task EraseUserAsync(string userId, CancellationToken cancellationToken)
    {
        if (!bridge.MayHoldUserData)
        {
            return;
        }
        await client.LogoutAsync(await bridge.GetAsync(cancellationToken), userId, cancellationToken);
    }
}
