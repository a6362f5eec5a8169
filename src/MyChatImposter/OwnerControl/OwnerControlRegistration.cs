using MyChatImposter.ChatProviders;

namespace MyChatImposter.OwnerControl;

public static class OwnerControlRegistration
{
    public static IServiceCollection AddOwnerControl(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OwnerControlOptions>()
            .Bind(configuration.GetSection(OwnerControlOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<LiveAutoReplies>();
        services.AddSingleton<OwnerDesk>();
        services.AddHostedService<OwnerControlHousekeeping>();
        services.AddSingleton<IUserDataEraser, DraftsEraser>();
        services.AddSingleton<IUserDataEraser, TakeoversEraser>();
        services.AddSingleton<IUserDataEraser, ReplyHistoryEraser>();
        return services;
    }
}
