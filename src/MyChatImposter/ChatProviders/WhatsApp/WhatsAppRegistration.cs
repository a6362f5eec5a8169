namespace MyChatImposter.ChatProviders.WhatsApp;

public static class WhatsAppRegistration
{
    // The bridge (the host's own child process, or one at WhatsApp:Bridge:Url) and the provider kind the
    // session lifecycle resolves under ChatProviderKind.WhatsApp.
    public static IServiceCollection AddWhatsApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<WhatsAppBridgeOptions>(configuration, WhatsAppBridgeOptions.SectionName)
            .Validate(options => options.EffectiveMode == BridgeMode.Embedded || (options.Url is not null && !string.IsNullOrEmpty(options.Secret)),
                "WhatsApp:Bridge:Url and WhatsApp:Bridge:Secret (the bridge's BRIDGE_SECRET) are both needed for a bridge run elsewhere.")
            .Validate(options => options.ReconnectMinDelay <= options.ReconnectMaxDelay,
                "WhatsApp:Bridge:ReconnectMinDelay must not exceed ReconnectMaxDelay.");
        services.AddSingleton<EmbeddedBridge>();
        services.AddSingleton<IWhatsAppBridge>(provider =>
            provider.GetRequiredService<IOptions<WhatsAppBridgeOptions>>().Value.EffectiveMode == BridgeMode.Embedded
                ? provider.GetRequiredService<EmbeddedBridge>()
                : new ExternalBridge(provider.GetRequiredService<IOptions<WhatsAppBridgeOptions>>().Value));
        services.AddSingleton<BridgeClient>();
        if (configuration.GetSection(WhatsAppBridgeOptions.SectionName).Get<WhatsAppBridgeOptions>()?.EffectiveMode == BridgeMode.External)
        {
            services.AddReadinessCheck<BridgeHealthCheck>("whatsapp-bridge");
        }
        services.AddKeyedSingleton<IChatProviderKind, WhatsAppProviderKind>(ChatProviderKind.WhatsApp);
        return services;
    }
}
