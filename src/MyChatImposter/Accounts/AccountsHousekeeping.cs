namespace MyChatImposter.Accounts;

// Hourly retention: audit rows past their retention or beyond the audit log's size bound, ended sessions,
// expired lockout records. MongoDB's TTL indexes do the same there; this keeps SQLite (which has none)
// equally tidy.
public sealed partial class AccountsHousekeeping(
    IAuditLogStore audit, ILoginSessionStore sessions, ILoginThrottleStore throttle, TimeProvider time,
    IOptions<AuthOptions> options, IOptions<AuditOptions> auditOptions, ILogger<AccountsHousekeeping> logger)
    : HourlyHousekeeping(time, logger)
{
    public override async Task PurgeAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var auditRows = await audit.DeleteOlderThanAsync(now - options.Value.AuditRetention, cancellationToken);
        auditRows += await BoundAuditLogAsync(now, cancellationToken);
        var endedSessions = await sessions.DeleteExpiredAsync(now, now - options.Value.IdleTimeout, cancellationToken);
        var locks = await throttle.DeleteExpiredAsync(now, cancellationToken);
        LogPurged(Logger, auditRows, endedSessions, locks);
    }

    // Over the bound, the oldest rows go, and the log says so in a row of its own (room is left for it, so
    // the log then holds MaxRows exactly). Between two runs it may grow past the bound by an hour's rows.
    private async Task<int> BoundAuditLogAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var maxRows = auditOptions.Value.MaxRows;
        var trim = await audit.TrimAsync(maxRows, maxRows - 1, cancellationToken);
        if (trim.Deleted == 0)
        {
            return 0;
        }

        var details = new Dictionary<string, string>
        {
            ["deleted"] = trim.Deleted.ToString(CultureInfo.InvariantCulture),
            ["max_rows"] = maxRows.ToString(CultureInfo.InvariantCulture),
        };
        if (trim.OldestKept is { } oldestKept)
        {
            details["oldest_kept"] = oldestKept.ToString("O", CultureInfo.InvariantCulture);
        }
        await audit.AppendAsync(
            new AuditEvent(now, AuditEvents.AuditTrimmed, null, null, null, null, details), cancellationToken);
        LogAuditTrimmed(Logger, trim.Deleted, maxRows, trim.OldestKept);
        return trim.Deleted;
    }

    [LoggerMessage(EventId = 1020, Level = LogLevel.Debug,
        Message = "Housekeeping removed {AuditRows} audit rows, {Sessions} sessions, {Locks} lockout records")]
    private static partial void LogPurged(ILogger logger, int auditRows, int sessions, int locks);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Warning,
        Message = "The audit log was over its bound of {MaxRows} rows: the oldest {Deleted} were deleted; it now starts at {OldestKept:O}")]
    private static partial void LogAuditTrimmed(ILogger logger, int deleted, int maxRows, DateTimeOffset? oldestKept);
}
