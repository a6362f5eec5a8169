namespace MyChatImposter.ChatProviders;

// The running chat sessions; the pipelines they feed and the bots they belong to are registered by
// AddPipeline and AddBots.
public static class ChatSessionsRegistration
{
    public static IServiceCollection AddChatSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ChatProviderFactory>();
        services.AddSingleton<ChatSessions>();
        services.AddSingleton<ConfigurationChanges>();
        services.AddHostedSingleton<ChatSessionsHost>();
        services.AddSingleton<IUserDataEraser, SessionRecordEraser>();
        return services;
    }
}
