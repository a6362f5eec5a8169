namespace MyChatImposter.Audit;

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
