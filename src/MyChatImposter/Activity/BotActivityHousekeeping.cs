namespace MyChatImposter.Activity;

// Retention: hours older than BotActivityRecorder.Retention are removed every hour.
public sealed partial class BotActivityHousekeeping(IBotActivityStore store, TimeProvider time, ILogger<BotActivityHousekeeping> logger)
    : HourlyHousekeeping(time, logger)
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    public override async Task PurgeAsync(CancellationToken cancellationToken)
    {
        var removed = await store.DeleteOlderThanAsync(BotActivityHour.HourOf(Time.GetUtcNow() - Retention), cancellationToken);
        if (removed > 0)
        {
            LogPurged(Logger, removed);
        }
    }

    [LoggerMessage(EventId = 8021, Level = LogLevel.Debug, Message = "Bot activity: removed {Count} hour(s) past their retention")]
    private static partial void LogPurged(ILogger logger, long count);
}
