namespace MyChatImposter.Live;

// Live pages: the hub the events go through, where they come from, and the streams the pages open.
public static class LiveRegistration
{
    public static IServiceCollection AddLive(this IServiceCollection services)
    {
        services.AddSingleton<LiveHub>();
        services.AddSingleton<LiveViews>();
        services.AddSingleton<LiveStream>();
        services.AddHostedService<LiveFeeds>();
        return services;
    }
}
