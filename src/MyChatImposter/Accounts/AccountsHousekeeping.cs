using Microsoft.Extensions.Options;

namespace MyChatImposter.Accounts;

// Hourly retention: audit rows past their retention, ended sessions, expired lockout records. MongoDB's
// TTL indexes do the same there; this keeps SQLite (which has none) equally tidy.
public sealed partial class AccountsHousekeeping(
    IAuditLogStore audit, ILoginSessionStore sessions, ILoginThrottleStore throttle, TimeProvider time,
    IOptions<AuthOptions> options, ILogger<AccountsHousekeeping> logger) : BackgroundService
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

    public async Task PurgeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var auditRows = await audit.DeleteOlderThanAsync(now - options.Value.AuditRetention, cancellationToken);
        var endedSessions = await sessions.DeleteExpiredAsync(now, now - options.Value.IdleTimeout, cancellationToken);
        var locks = await throttle.DeleteExpiredAsync(now, cancellationToken);
        LogPurged(logger, auditRows, endedSessions, locks);
    }

    [LoggerMessage(EventId = 1020, Level = LogLevel.Debug,
        Message = "Housekeeping removed {AuditRows} audit rows, {Sessions} sessions, {Locks} lockout records")]
    private static partial void LogPurged(ILogger logger, int auditRows, int sessions, int locks);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Error, Message = "Housekeeping failed; it runs again in an hour")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
