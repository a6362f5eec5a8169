namespace MyChatImposter.Bots;

// A bot's life beside its pipeline: start, stop and delete (BotLifecycle). The link's progress reaches the
// link page through the live events (Live/).
public static class BotsRegistration
{
    public static IServiceCollection AddBots(this IServiceCollection services)
    {
        services.AddSingleton<BotLifecycle>();
        return services;
    }
}
