using static MyChatImposter.Storage.Sqlite.SqliteStatements;

namespace MyChatImposter.Storage.Sqlite;

public sealed class SqliteAuditLogStore(SqliteStatements sql) : IAuditLogStore
{
    public async Task<string> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        var id = await sql.WriteScalarAsync<long>("""
            INSERT INTO audit_log (timestamp, event_type, actor_user_id, target_user_id, client_ip, user_agent, details)
            VALUES ($timestamp, $eventType, $actor, $target, $clientIp, $userAgent, $details)
            RETURNING id;
            """, cancellationToken,
            ("$timestamp", Instant(auditEvent.Timestamp)), ("$eventType", auditEvent.EventType), ("$actor", Nullable(auditEvent.ActorUserId)),
            ("$target", Nullable(auditEvent.TargetUserId)), ("$clientIp", Nullable(auditEvent.ClientIp)),
            ("$userAgent", Nullable(auditEvent.UserAgent)), ("$details", DetailsJson(auditEvent.Details)));
        return id.ToString(CultureInfo.InvariantCulture);
    }

    public Task<IReadOnlyList<AuditEvent>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var limit = AuditPaging.Limit(query);
        long? beforeId = null;
        if (query.Before is { } before)
        {
            beforeId = ParseId(before) ?? throw AuditPaging.InvalidBefore(before);
        }

        var conditions = new[]
        {
            query.EventType is null ? null : "event_type = $eventType",
            query.UserId is null ? null : "(actor_user_id = $userId OR target_user_id = $userId)",
            query.From is null ? null : "timestamp >= $from",
            query.To is null ? null : "timestamp <= $to",
            beforeId is null ? null : "id < $before",
        }.OfType<string>().ToList();

        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        return sql.QueryAsync($"""
            SELECT id, timestamp, event_type, actor_user_id, target_user_id, client_ip, user_agent, details
            FROM audit_log {where}
            ORDER BY id DESC
            LIMIT $limit;
            """, reader => new AuditEvent(
                ReadInstant(reader, 1), reader.GetString(2), ReadText(reader, 3), ReadText(reader, 4),
                ReadText(reader, 5), ReadText(reader, 6), ParseDetails(reader.GetString(7)))
            {
                Id = ReadId(reader, 0),
            }, cancellationToken,
            ("$eventType", Nullable(query.EventType)), ("$userId", Nullable(query.UserId)), ("$from", Instant(query.From)),
            ("$to", Instant(query.To)), ("$before", Nullable(beforeId)), ("$limit", limit));
    }

    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        (int)await sql.ExecuteAsync("DELETE FROM audit_log WHERE timestamp < $cutoff;", cancellationToken, ("$cutoff", Instant(cutoff)));

    public async Task<bool> ReplaceDetailsAsync(
        string id, IReadOnlyDictionary<string, string> details, CancellationToken cancellationToken) =>
        ParseId(id) is { } rowId
        && await sql.ExecuteAsync("UPDATE audit_log SET details = $details WHERE id = $id;", cancellationToken,
            ("$details", DetailsJson(details)), ("$id", rowId)) == 1;

    // The row `keep` places below the newest is the last to go. One statement, so a row appended meanwhile
    // is either counted or newer than the cut.
    public async Task<AuditTrim> TrimAsync(int maxRows, int keep, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keep);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(keep, maxRows);
        var deleted = await sql.ExecuteAsync("""
            DELETE FROM audit_log
            WHERE (SELECT COUNT(*) FROM audit_log) > $maxRows
              AND id <= (SELECT id FROM audit_log ORDER BY id DESC LIMIT 1 OFFSET $keep);
            """, cancellationToken, ("$maxRows", maxRows), ("$keep", keep));
        var oldest = await sql.ScalarAsync("SELECT timestamp FROM audit_log ORDER BY id LIMIT 1;", cancellationToken);
        return new AuditTrim((int)deleted, oldest is string timestamp ? SqliteTimestamp.Parse(timestamp) : null);
    }

    private static string DetailsJson(IReadOnlyDictionary<string, string> details)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in details)
            {
                writer.WriteString(name, value);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // Values written here are strings; anything else (a row edited by hand) is kept as its JSON text.
    private static Dictionary<string, string> ParseDetails(string json)
    {
        using var document = JsonDocument.Parse(json);
        var details = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            details[property.Name] = property.Value.ValueKind == JsonValueKind.String
                ? property.Value.GetString()!
                : property.Value.GetRawText();
        }
        return details;
    }
}
