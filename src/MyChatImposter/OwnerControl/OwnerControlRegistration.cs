namespace MyChatImposter.OwnerControl;

public static class OwnerControlRegistration
{
    public static IServiceCollection AddOwnerControl(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<OwnerControlOptions>(configuration, OwnerControlOptions.SectionName);
        services.AddSingleton<LiveAutoReplies>();
        services.AddSingleton<OwnerDesk>();
        services.AddHostedService<OwnerControlHousekeeping>();
        services.AddSingleton<IUserDataEraser, DraftsEraser>();
        services.AddSingleton<IUserDataEraser, TakeoversEraser>();
        services.AddSingleton<IUserDataEraser, ReplyHistoryEraser>();
        return services;
    }
}
