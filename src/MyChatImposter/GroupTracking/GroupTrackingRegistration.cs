namespace MyChatImposter.GroupTracking;

public static class GroupTrackingRegistration
{
    // The scheduler that follows connected sessions, the runner it and the API's "run now" use, the
    // extractor, and the eraser of the periods (the period store is registered with the other stores).
    public static IServiceCollection AddGroupTracking(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<GroupTrackingOptions>(configuration, GroupTrackingOptions.SectionName);
        services.AddSingleton<ActionItemExtractor>();
        services.AddSingleton<GroupTrackingRunner>();
        services.AddHostedSingleton<GroupTrackingScheduler>();
        services.AddUserRecordsEraser<ITrackedPeriodStore>("tracked_group_periods");
        return services;
    }
}
