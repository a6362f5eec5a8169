namespace MyChatImposter.Pipeline;

// What a user's pipeline needs besides the stores: its options, the factory ChatSessions builds it with, and
// the erasers of what it stores (the archive and the dead letters).
public static class PipelineRegistration
{
    public static IServiceCollection AddPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<PipelineOptions>(configuration, PipelineOptions.SectionName);
        services.AddSingleton<PipelineMetrics>();
        services.AddSingleton<UserPipelineFactory>();
        services.AddSingleton<ArchiveDeletion>();
        services.AddUserRecordsEraser<IMessageArchive>("archived_messages");
        services.AddUserRecordsEraser<IDeadLetterStore>("dead_letters");
        return services;
    }
}
