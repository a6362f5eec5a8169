namespace MyChatImposter.OwnerControl;

public static class OwnerControlRegistration
{
    public static IServiceCollection AddOwnerControl(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<OwnerControlOptions>(configuration, OwnerControlOptions.SectionName);
        services.AddSingleton<LiveAutoReplies>();
        services.AddSingleton<OwnerDesk>();
        services.AddHostedService<OwnerControlHousekeeping>();
        // Deleting a user deletes its bot's drafts, the conversations it was told to stay quiet in, and the
        // history of its replies.
        services.AddUserRecordsEraser<IDraftStore>("drafts");
        services.AddUserRecordsEraser<ITakeoverStore>("takeovers");
        services.AddUserRecordsEraser<IReplyHistoryStore>("reply_history");
        return services;
    }
}
