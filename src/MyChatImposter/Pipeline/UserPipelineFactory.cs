namespace MyChatImposter.Pipeline;

// The stages of one user's pipeline, kept so the session can clear windows and numbering when the
// user's archive is deleted, and reach its features (e.g. to clear what auto-reply remembers).
public sealed record UserPipelineParts(
    UserPipeline Pipeline, CorrespondentWindows Windows, ArchiveWriter ArchiveWriter, IReadOnlyList<IMessageFeature> Features);

public sealed class UserPipelineFactory(
    IMessageArchive archive, IDeadLetterStore deadLetterStore, TimeProvider time, IOptions<PipelineOptions> options,
    ILoggerFactory loggers)
{
    public UserPipelineParts Create(
        string userId, string providerName, QueueConfig limits, IReadOnlyList<IMessageFeature> features,
        SentMessageRegistry sentMessages)
    {
        var deadLetters = new DeadLetterRecorder(userId, deadLetterStore, time, loggers.CreateLogger<DeadLetterRecorder>());
        var screen = new MessageScreen(sentMessages, options.Value.RecentIdsPerUser);
        var archiveWriter = new ArchiveWriter(userId, providerName, archive, screen, deadLetters, time);
        var windows = new CorrespondentWindows(limits, time);
        var pipeline = new UserPipeline(screen, archiveWriter, windows, new FeatureInvoker(deadLetters), deadLetters, features, options.Value);
        return new UserPipelineParts(pipeline, windows, archiveWriter, features);
    }
}
