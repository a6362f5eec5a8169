namespace MyChatImposter.GroupTracking;

public static class GroupTrackingRegistration
{
    // The scheduler that follows connected sessions, the runner it and the API's "run now" use, and the
    // extractor. The period store and its eraser are registered with the other stores.
    public static IServiceCollection AddGroupTracking(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<GroupTrackingOptions>(configuration, GroupTrackingOptions.SectionName);
        services.AddSingleton<ActionItemExtractor>();
        services.AddSingleton<GroupTrackingRunner>();
        services.AddSingleton<GroupTrackingScheduler>();
        services.AddHostedService(provider => provider.GetRequiredService<GroupTrackingScheduler>());
        return services;
    }
}
