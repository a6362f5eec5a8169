namespace MyChatImposter.Audit;

// Writes audit rows with the request's client address and user agent filled in, and, for an action taken
// with an API token, the token's id (details "token"): every audited action records it here, in one place.
public sealed partial class AuditTrail(
    IAuditLogStore store, RefusalTally refusals, IHttpContextAccessor httpContextAccessor, TimeProvider time,
    ILogger<AuditTrail> logger)
{
    private const int MaxUserAgentLength = 256;

    public const string TokenDetail = "token";

    // One row per event.
    public Task RecordAsync(
        string eventType, string? actorUserId, string? targetUserId,
        IReadOnlyDictionary<string, string>? details = null, CancellationToken cancellationToken = default) =>
        WriteAsync(Describe(eventType, actorUserId, targetUserId, details), store.AppendAsync, cancellationToken);

    // A refusal anyone can repeat at will (a 429, a 403): counted into one row per client address and actor
    // per window (RefusalTally), whose details add count, first_at and last_at to the first refusal's.
    public Task RecordRefusalAsync(
        string eventType, string? actorUserId, string? targetUserId,
        IReadOnlyDictionary<string, string>? details = null, CancellationToken cancellationToken = default) =>
        WriteAsync(Describe(eventType, actorUserId, targetUserId, details), refusals.CountAsync, cancellationToken);

    private AuditEvent Describe(
        string eventType, string? actorUserId, string? targetUserId, IReadOnlyDictionary<string, string>? details)
    {
        var request = httpContextAccessor.HttpContext;
        var userAgent = request?.Request.Headers.UserAgent.ToString();
        return new AuditEvent(
            time.GetUtcNow(),
            eventType,
            actorUserId,
            targetUserId,
            request?.Connection.RemoteIpAddress?.ToString(),
            string.IsNullOrEmpty(userAgent) ? null : userAgent[..Math.Min(userAgent.Length, MaxUserAgentLength)],
            WithToken(details, request is null ? null : ImposterClaims.TokenIdOf(request.User)));
    }

    private static IReadOnlyDictionary<string, string> WithToken(IReadOnlyDictionary<string, string>? details, string? tokenId) =>
        tokenId is null
            ? details ?? new Dictionary<string, string>()
            : new Dictionary<string, string>(details ?? new Dictionary<string, string>()) { [TokenDetail] = tokenId };

    private async Task WriteAsync(
        AuditEvent auditEvent, Func<AuditEvent, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        try
        {
            await write(auditEvent, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A failing audit write must not turn a login or an admin action into a 500; it is logged loudly.
            LogAuditWriteFailed(logger, exception, auditEvent.EventType);
        }
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Error, Message = "Could not write the audit event {EventType}")]
    private static partial void LogAuditWriteFailed(ILogger logger, Exception exception, string eventType);
}
