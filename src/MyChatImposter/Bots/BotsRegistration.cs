namespace MyChatImposter.Bots;

// A bot's life beside its pipeline: start, stop and delete (BotLifecycle) and the link's progress shown to
// the owner (LinkWatchers, LinkEventStream).
public static class BotsRegistration
{
    public static IServiceCollection AddBots(this IServiceCollection services)
    {
        services.AddSingleton<BotLifecycle>();
        services.AddSingleton<LinkWatchers>();
        services.AddSingleton<LinkEventStream>();
        return services;
    }
}
