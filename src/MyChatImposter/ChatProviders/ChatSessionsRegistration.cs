using MyChatImposter.Configuration;
using MyChatImposter.Bots;
using MyChatImposter.GroupTracking;
using MyChatImposter.Pipeline;

namespace MyChatImposter.ChatProviders;

public static class ChatSessionsRegistration
{
    public static IServiceCollection AddChatSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PipelineOptions>()
            .Bind(configuration.GetSection(PipelineOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ChatProviderFactory>();
        services.AddSingleton<PipelineMetrics>();
        services.AddSingleton<UserPipelineFactory>();
        services.AddSingleton<ChatSessions>();
        services.AddSingleton<ConfigurationChanges>();
        services.AddSingleton<ArchiveDeletion>();
        services.AddSingleton<BotLifecycle>();
        services.AddSingleton<LinkWatchers>();
        services.AddSingleton<LinkEventStream>();
        services.AddSingleton<ChatSessionsHost>();
        services.AddHostedService(provider => provider.GetRequiredService<ChatSessionsHost>());
        services.AddSingleton<IUserDataEraser, ArchiveEraser>();
        services.AddSingleton<IUserDataEraser, DeadLetterEraser>();
        services.AddSingleton<IUserDataEraser, SessionRecordEraser>();
        // Here rather than with the group-tracking feature: its periods are stored whether or not the runner
        // is registered, so every host that can delete a bot erases them.
        services.AddSingleton<IUserDataEraser, TrackedPeriodsEraser>();
        return services;
    }
}
