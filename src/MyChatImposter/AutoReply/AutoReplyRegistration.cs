namespace MyChatImposter.AutoReply;

public static class AutoReplyRegistration
{
    public static IServiceCollection AddAutoReply(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<AutoReplyOptions>(configuration, AutoReplyOptions.SectionName)
            .Validate(options => options.QuietPeriod <= options.MaxWait, "AutoReply:QuietPeriod must not be longer than AutoReply:MaxWait.");
        services.AddSingleton<IMessageFeatureFactory, AutoReplyFeatureFactory>();
        services.AddSingleton<BotMemory>();
        services.AddSingleton<IUserDataEraser, ConversationContextEraser>();
        return services;
    }
}
