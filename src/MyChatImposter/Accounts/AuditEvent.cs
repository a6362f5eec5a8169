namespace MyChatImposter.Accounts;

// One row of the audit log. Details never hold secrets, session ids or message bodies.
public sealed record AuditEvent(
    DateTimeOffset Timestamp,
    string EventType,
    string? ActorUserId,
    string? TargetUserId,
    string? ClientIp,
    string? UserAgent,
    IReadOnlyDictionary<string, string> Details)
{
    // Assigned by the store; increasing with insertion order, used for paging.
    public string? Id { get; init; }
}

public sealed record AuditQuery(
    string? EventType = null,
    // Matches the acting user or the target.
    string? UserId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    // Newest first; Before pages to older rows (an Id from a previous page).
    string? Before = null,
    int Limit = 100);

// What a trim of the audit log removed: how many rows, and the time of the oldest row it kept (null when
// nothing is left).
public sealed record AuditTrim(int Deleted, DateTimeOffset? OldestKept);

public interface IAuditLogStore
{
    // Returns the new row's Id.
    Task<string> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditEvent>> QueryAsync(AuditQuery query, CancellationToken cancellationToken);

    // Rows are otherwise never changed: this gives an aggregated refusal row its final count (RefusalTally).
    // False when no row has that Id (trimmed, past retention, or not an Id of this store).
    Task<bool> ReplaceDetailsAsync(string id, IReadOnlyDictionary<string, string> details, CancellationToken cancellationToken);

    // Retention for SQLite (MongoDB also has a TTL index on the timestamp).
    Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    // The size bound: when more than maxRows rows are stored, deletes the oldest, in insertion order, so
    // that `keep` remain (keep below maxRows leaves room, e.g. for a row saying so).
    Task<AuditTrim> TrimAsync(int maxRows, int keep, CancellationToken cancellationToken);
}
