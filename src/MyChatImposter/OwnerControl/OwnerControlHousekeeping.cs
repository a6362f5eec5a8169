namespace MyChatImposter.OwnerControl;

// Every minute: drafts past their expiry become expired (so the owner sees it within a minute; an approval
// checks the expiry itself). And retention: decided drafts and history older than
// OwnerControl:HistoryRetention, takeovers whose pause ended.
public sealed partial class OwnerControlHousekeeping(
    OwnerDesk desk, IDraftStore drafts, IReplyHistoryStore history, ITakeoverStore takeovers, IOptions<OwnerControlOptions> options,
    TimeProvider time, ILogger<OwnerControlHousekeeping> logger) : HourlyHousekeeping(time, logger)
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    protected override TimeSpan Period => SweepInterval;

    public override async Task PurgeAsync(CancellationToken cancellationToken)
    {
        var expired = await desk.ExpireDueAsync(cancellationToken);
        var now = Time.GetUtcNow();
        var before = now - options.Value.HistoryRetention;
        var removedDrafts = await drafts.DeleteDecidedBeforeAsync(before, cancellationToken);
        var removedEvents = await history.DeleteBeforeAsync(before, cancellationToken);
        var endedTakeovers = await takeovers.DeleteEndedBeforeAsync(now, cancellationToken);
        if (expired + removedDrafts + removedEvents + endedTakeovers > 0)
        {
            LogSwept(Logger, expired, removedDrafts, removedEvents, endedTakeovers);
        }
    }

    [LoggerMessage(EventId = 6105, Level = LogLevel.Debug,
        Message = "Owner control: {Expired} draft(s) expired; removed {Drafts} old draft(s), {Events} history event(s), {Takeovers} ended takeover(s)")]
    private static partial void LogSwept(ILogger logger, int expired, long drafts, long events, long takeovers);
}
