using MyChatImposter.ChatProviders;
using MyChatImposter.Pipeline;

namespace MyChatImposter.AutoReply;

public static class AutoReplyRegistration
{
    public static IServiceCollection AddAutoReply(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AutoReplyOptions>()
            .Bind(configuration.GetSection(AutoReplyOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(options => options.QuietPeriod <= options.MaxWait, "AutoReply:QuietPeriod must not be longer than AutoReply:MaxWait.")
            .ValidateOnStart();
        services.AddSingleton<IMessageFeatureFactory, AutoReplyFeatureFactory>();
        services.AddSingleton<BotMemory>();
        services.AddSingleton<IUserDataEraser, ConversationContextEraser>();
        return services;
    }
}
