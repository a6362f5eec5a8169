namespace MyChatImposter.Llm;

// Hourly retention of recorded LLM interactions (Llm:InteractionRetention), on both backends alike: the
// period is a host option, which a MongoDB TTL index would fix at creation.
public sealed partial class LlmInteractionsHousekeeping(
    ILlmInteractionStore interactions, TimeProvider time, IOptions<LlmOptions> options, ILogger<LlmInteractionsHousekeeping> logger)
    : HourlyHousekeeping(time, logger)
{
    public override async Task PurgeAsync(CancellationToken cancellationToken)
    {
        var removed = await interactions.DeleteOlderThanAsync(Time.GetUtcNow() - options.Value.InteractionRetention, cancellationToken);
        LogPurged(Logger, removed);
    }

    [LoggerMessage(EventId = 7010, Level = LogLevel.Debug, Message = "Housekeeping removed {Count} recorded LLM interactions")]
    private static partial void LogPurged(ILogger logger, long count);
}
