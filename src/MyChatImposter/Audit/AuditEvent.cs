namespace MyChatImposter.Audit;

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
