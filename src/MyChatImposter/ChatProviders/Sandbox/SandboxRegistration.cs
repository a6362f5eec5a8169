namespace MyChatImposter.ChatProviders.Sandbox;

public static class SandboxRegistration
{
    // The simulator and its own pages' service; the session lifecycle knows it only as the kind registered
    // under ChatProviderKind.Sandbox.
    public static IServiceCollection AddSandbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SandboxOptions>(configuration, SandboxOptions.SectionName);
        services.AddSingleton<SandboxWorld>();
        services.AddSingleton<SandboxChat>();
        services.AddKeyedSingleton<IChatProviderKind, SandboxProviderKind>(ChatProviderKind.Sandbox);
        return services;
    }
}
