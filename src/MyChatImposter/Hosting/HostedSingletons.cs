namespace MyChatImposter.Hosting;

public static class HostedSingletons
{
    // A hosted service that others inject too (to ask it something or to run its work on demand) is one
    // singleton: the host starts the very instance everyone else is given.
    public static IServiceCollection AddHostedSingleton<TService>(this IServiceCollection services)
        where TService : class, IHostedService
    {
        services.AddSingleton<TService>();
        services.AddHostedService(provider => provider.GetRequiredService<TService>());
        return services;
    }
}
