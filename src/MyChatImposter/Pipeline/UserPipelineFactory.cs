namespace MyChatImposter.Pipeline;

// The stages of one user's pipeline, kept so the session can clear windows and numbering when the
// user's archive is deleted, and reach its features (e.g. to clear what auto-reply remembers).
public sealed record UserPipelineParts(
    UserPipeline Pipeline, CorrespondentWindows Windows, ArchiveWriter ArchiveWriter, IReadOnlyList<IMessageFeature> Features);

public sealed class UserPipelineFactory(
    IMessageArchive archive, IDeadLetterStore deadLetterStore, PipelineMetrics metrics, BotActivityRecorder activity, WebhookEvents webhooks,
    TimeProvider time, IOptions<PipelineOptions> options, ILoggerFactory loggers)
{
    // Made before the session's features, which record their own dead letters through it (ChatSessionContext).
    public DeadLetterRecorder DeadLettersFor(string userId) =>
        new(userId, deadLetterStore, metrics, time, loggers.CreateLogger<DeadLetterRecorder>());

    // deadLetters: the recorder the session's features were given; a pipeline without a session makes its own.
    public UserPipelineParts Create(
        string userId, string providerName, QueueConfig limits, IReadOnlyList<IMessageFeature> features,
        SentMessageRegistry sentMessages, DeadLetterRecorder? deadLetters = null)
    {
        deadLetters ??= DeadLettersFor(userId);
        var screen = new MessageScreen(sentMessages, options.Value.RecentIdsPerUser);
        var archiveWriter = new ArchiveWriter(userId, providerName, archive, screen, deadLetters, metrics, activity, webhooks, time);
        var windows = new CorrespondentWindows(limits, time);
        var pipeline = new UserPipeline(screen, archiveWriter, windows, new FeatureInvoker(deadLetters), deadLetters, features, metrics, options.Value);
        return new UserPipelineParts(pipeline, windows, archiveWriter, features);
    }
}
