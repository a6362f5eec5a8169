namespace MyChatImposter.Activity;

// Every minute: samples each bot's delivery queue (one grouped count for every bot) and writes the activity
// counted in memory; and once more when the host stops. Registered before the areas that count (see
// Program.cs), it stops after them, so what their draining counts is written too.
public sealed partial class BotActivityFlusher(
    BotActivityRecorder recorder, IDeliveryStore delivery, TimeProvider time, ILogger<BotActivityFlusher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await recorder.FlushAsync(cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogTickFailed(logger, error);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogTickFailed(logger, error);
            }
        }
    }

    public async Task TickAsync(CancellationToken cancellationToken)
    {
        foreach (var depth in await delivery.CountWaitingByUserAsync(cancellationToken))
        {
            recorder.QueueDepth(depth.UserId, depth.Waiting, depth.Failed);
        }
        await recorder.FlushAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 8011, Level = LogLevel.Warning, Message = "Bot activity: sampling the queues or writing the counts failed; it runs again in a minute")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
