namespace MyChatImposter.Delivery;

// Connects the delivery queue to the sessions' reports, holds every item at start, stops every sender at
// shutdown, and in between refreshes the depth metric and removes sent items past their retention.
public sealed partial class DeliveryHost(
    DeliveryQueue queue, ChatSessions sessions, IDeliveryStore store, DeliveryMetrics metrics, IOptions<DeliveryOptions> options,
    TimeProvider time, ILogger<DeliveryHost> logger) : BackgroundService
{
    public static readonly TimeSpan DepthInterval = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan RetentionInterval = TimeSpan.FromHours(1);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribed before the start's move: a session connecting meanwhile is applied once the move is done.
        sessions.StatusReported += OnStatusReported;
        sessions.SessionStopped += OnSessionStopped;
        await queue.StartAsync(sessions.Get, sessions.All.Select(session => session.UserId), cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await queue.StopAsync();
        sessions.StatusReported -= OnStatusReported;
        sessions.SessionStopped -= OnSessionStopped;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(DepthInterval, time);
        var purgedAt = DateTimeOffset.MinValue;
        do
        {
            try
            {
                await RefreshDepthAsync(stoppingToken);
                if (time.GetUtcNow() - purgedAt >= RetentionInterval)
                {
                    purgedAt = time.GetUtcNow();
                    var purged = await store.DeleteSentBeforeAsync(purgedAt - options.Value.SentRetention, stoppingToken);
                    LogPurged(logger, purged);
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogHousekeepingFailed(logger, error);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task RefreshDepthAsync(CancellationToken cancellationToken) =>
        metrics.SetDepth(await store.CountByStateAsync(cancellationToken));

    private void OnStatusReported(ChatSession session, ChatStatus status) => queue.Schedule(session.UserId);

    private void OnSessionStopped(ChatSession session) => queue.Schedule(session.UserId);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Debug, Message = "Delivery housekeeping removed {Count} sent item(s) past their retention")]
    private static partial void LogPurged(ILogger logger, long count);

    [LoggerMessage(EventId = 4122, Level = LogLevel.Error, Message = "Delivery housekeeping failed; it runs again shortly")]
    private static partial void LogHousekeepingFailed(ILogger logger, Exception exception);
}
