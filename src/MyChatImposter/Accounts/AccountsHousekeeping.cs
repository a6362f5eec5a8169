using Microsoft.Extensions.Options;
using MyChatImposter.Hosting;

namespace MyChatImposter.Accounts;

// Hourly retention: audit rows past their retention, ended sessions, expired lockout records. MongoDB's
// TTL indexes do the same there; this keeps SQLite (which has none) equally tidy.
public sealed partial class AccountsHousekeeping(
    IAuditLogStore audit, ILoginSessionStore sessions, ILoginThrottleStore throttle, TimeProvider time,
    IOptions<AuthOptions> options, ILogger<AccountsHousekeeping> logger) : HourlyHousekeeping(time, logger)
{
    public override async Task PurgeAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var auditRows = await audit.DeleteOlderThanAsync(now - options.Value.AuditRetention, cancellationToken);
        var endedSessions = await sessions.DeleteExpiredAsync(now, now - options.Value.IdleTimeout, cancellationToken);
        var locks = await throttle.DeleteExpiredAsync(now, cancellationToken);
        LogPurged(Logger, auditRows, endedSessions, locks);
    }

    [LoggerMessage(EventId = 1020, Level = LogLevel.Debug,
        Message = "Housekeeping removed {AuditRows} audit rows, {Sessions} sessions, {Locks} lockout records")]
    private static partial void LogPurged(ILogger logger, int auditRows, int sessions, int locks);
}
