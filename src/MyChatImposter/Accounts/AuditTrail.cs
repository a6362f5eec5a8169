namespace MyChatImposter.Accounts;

// Writes audit rows with the request's client address and user agent filled in.
public sealed partial class AuditTrail(
    IAuditLogStore store, IHttpContextAccessor httpContextAccessor, TimeProvider time, ILogger<AuditTrail> logger)
{
    private const int MaxUserAgentLength = 256;

    public async Task RecordAsync(
        string eventType, string? actorUserId, string? targetUserId,
        IReadOnlyDictionary<string, string>? details = null, CancellationToken cancellationToken = default)
    {
        var request = httpContextAccessor.HttpContext;
        var userAgent = request?.Request.Headers.UserAgent.ToString();
        var auditEvent = new AuditEvent(
            time.GetUtcNow(),
            eventType,
            actorUserId,
            targetUserId,
            request?.Connection.RemoteIpAddress?.ToString(),
            string.IsNullOrEmpty(userAgent) ? null : userAgent[..Math.Min(userAgent.Length, MaxUserAgentLength)],
            details ?? new Dictionary<string, string>());
        try
        {
            await store.AppendAsync(auditEvent, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A failing audit write must not turn a login or an admin action into a 500; it is logged loudly.
            LogAuditWriteFailed(logger, exception, eventType);
        }
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Error, Message = "Could not write the audit event {EventType}")]
    private static partial void LogAuditWriteFailed(ILogger logger, Exception exception, string eventType);
}
