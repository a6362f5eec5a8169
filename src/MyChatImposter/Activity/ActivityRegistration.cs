namespace MyChatImposter.Activity;

public static class ActivityRegistration
{
    public static IServiceCollection AddActivity(this IServiceCollection services)
    {
        services.AddSingleton<BotActivityRecorder>();
        services.AddSingleton<BotActivityFlusher>();
        services.AddHostedService(provider => provider.GetRequiredService<BotActivityFlusher>());
        services.AddHostedService<BotActivityHousekeeping>();
        services.AddSingleton<IUserDataEraser, BotActivityEraser>();
        return services;
    }
}
