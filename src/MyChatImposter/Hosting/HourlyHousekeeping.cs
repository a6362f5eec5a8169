namespace MyChatImposter.Hosting;

// Retention work that runs once at start and then every hour on TimeProvider (so tests drive it with a
// fake clock). A run that fails is logged and the next hour tries again: one bad run must not stop it.
public abstract partial class HourlyHousekeeping(TimeProvider time, ILogger logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected TimeProvider Time { get; } = time;

    protected ILogger Logger { get; } = logger;

    // One pass of the job; public so that tests and commands can run it on demand.
    public abstract Task PurgeAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, Time);
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

    [LoggerMessage(EventId = 1021, Level = LogLevel.Error, Message = "Housekeeping {Job} failed; it runs again in an hour")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception, string job);
}
