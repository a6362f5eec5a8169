namespace MyChatImposter.Pipeline;

// Where a stage's failure goes: logged with user, stage and message id (never the text), counted, and
// kept as a dead-letter record an admin can see.
public sealed partial class DeadLetterRecorder(string userId, IDeadLetterStore store, TimeProvider time, ILogger logger)
{
    private const int MaxErrorLength = 2_000;

    public async Task RecordAsync(string stage, PipelineMessage message, Exception error)
    {
        var inbound = message.Inbound;
        LogStageFailed(logger, error, userId, stage, inbound.ProviderMessageId);
        PipelineMetrics.DeadLetters.Add(1);
        var text = $"{error.GetType().Name}: {error.Message}";
        try
        {
            await store.AddAsync(new DeadLetter(userId, stage, inbound.CorrespondentId, inbound.ProviderMessageId,
                text.Length > MaxErrorLength ? text[..MaxErrorLength] : text, time.GetUtcNow()), CancellationToken.None);
        }
        catch (Exception storeError)
        {
            LogDeadLetterLost(logger, storeError, userId, stage, inbound.ProviderMessageId);
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error,
        Message = "Pipeline stage {Stage} failed for user {UserId}, message {MessageId}")]
    private static partial void LogStageFailed(ILogger logger, Exception exception, string userId, string stage, string messageId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Critical,
        Message = "Could not record the dead letter of stage {Stage} for user {UserId}, message {MessageId}")]
    private static partial void LogDeadLetterLost(ILogger logger, Exception exception, string userId, string stage, string messageId);
}
