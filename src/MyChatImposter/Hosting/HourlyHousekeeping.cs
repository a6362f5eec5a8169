namespace MyChatImposter.Hosting;

// Retention work that runs once at start and then every hour (or its Period) on TimeProvider (so tests drive it with a
// fake clock). A run that fails is logged and the next hour tries again: one bad run must not stop it.
public abstract partial class HourlyHousekeeping(TimeProvider time, ILogger logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected TimeProvider Time { get; } = time;

    // How often the job runs; a job whose work is due by the minute (expiring drafts) runs more often.
    protected virtual TimeSpan Period => Interval;

    protected ILogger Logger { get; } = logger;

    // One pass of the job; public so that tests and commands can run it on demand.
    public abstract Task PurgeAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, Time);
        do
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogPurgeFailed(Logger, exception, GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 1021, Level = LogLevel.Error, Message = "Housekeeping {Job} failed; it runs again at its next period")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception, string job);
}
