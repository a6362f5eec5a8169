using MyChatImposter.Configuration;

namespace MyChatImposter.ChatProviders.Sandbox;

public static class SandboxRegistration
{
    // The simulator and its own pages' service; the session lifecycle knows it only as the kind registered
    // under ChatProviderKind.Sandbox.
    public static IServiceCollection AddSandbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SandboxOptions>()
            .Bind(configuration.GetSection(SandboxOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<SandboxWorld>();
        services.AddSingleton<SandboxChat>();
        services.AddKeyedSingleton<IChatProviderKind, SandboxProviderKind>(ChatProviderKind.Sandbox);
        return services;
    }
}
