namespace MyChatImposter.Pipeline;

// Where a failure of a user's pipeline goes: logged with user, stage and message id (never the text),
// counted, and kept as a dead-letter record an admin can see. The stages record theirs here, and so do the
// features for work they finish after the pipeline moved on (auto-reply's reply turns), through
// ChatSessionContext, so every dead letter of a session is written, cut and counted one way.
public sealed partial class DeadLetterRecorder(
    string userId, IDeadLetterStore store, PipelineMetrics metrics, TimeProvider time, ILogger logger)
{
    public async Task RecordAsync(string stage, PipelineMessage message, Exception error)
    {
        var inbound = message.Inbound;
        LogStageFailed(logger, error, userId, stage, inbound.ProviderMessageId);
        await KeepAsync(stage, inbound.CorrespondentId, inbound.ProviderMessageId, ErrorText.Of(error));
    }

    // A feature's failure outside the pipeline's call (the feature logs it in its own words first): `what`
    // says what was left undone, and the exception, if any, follows it.
    public Task RecordFeatureAsync(
        string featureName, string correspondentId, string providerMessageId, string what, Exception? error) =>
        KeepAsync($"feature:{featureName}", correspondentId, providerMessageId,
            error is null ? what : $"{what} {ErrorText.Of(error)}");

    private async Task KeepAsync(string stage, string correspondentId, string providerMessageId, string text)
    {
        metrics.DeadLetter(stage);
        try
        {
            await store.AddAsync(new DeadLetter(userId, stage, correspondentId, providerMessageId,
                ErrorText.Cut(text), time.GetUtcNow()), CancellationToken.None);
        }
        catch (Exception storeError)
        {
            LogDeadLetterLost(logger, storeError, userId, stage, providerMessageId);
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error,
        Message = "Pipeline stage {Stage} failed for user {UserId}, message {MessageId}")]
    private static partial void LogStageFailed(ILogger logger, Exception exception, string userId, string stage, string messageId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Critical,
        Message = "Could not record the dead letter of stage {Stage} for user {UserId}, message {MessageId}")]
    private static partial void LogDeadLetterLost(ILogger logger, Exception exception, string userId, string stage, string messageId);
}
