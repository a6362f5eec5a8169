using Microsoft.Extensions.Options;

namespace MyChatImposter.Llm;

// Hourly retention of recorded LLM interactions (Llm:InteractionRetention), on both backends alike: the
// period is a host option, which a MongoDB TTL index would fix at creation.
public sealed partial class LlmInteractionsHousekeeping(
    ILlmInteractionStore interactions, TimeProvider time, IOptions<LlmOptions> options, ILogger<LlmInteractionsHousekeeping> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogPurgeFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<long> PurgeAsync(CancellationToken cancellationToken)
    {
        var removed = await interactions.DeleteOlderThanAsync(time.GetUtcNow() - options.Value.InteractionRetention, cancellationToken);
        LogPurged(logger, removed);
        return removed;
    }

    [LoggerMessage(EventId = 6010, Level = LogLevel.Debug, Message = "Housekeeping removed {Count} recorded LLM interactions")]
    private static partial void LogPurged(ILogger logger, long count);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Error, Message = "LLM interaction housekeeping failed; it runs again in an hour")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
