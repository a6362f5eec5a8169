using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using MyChatImposter.Accounts;

namespace MyChatImposter.Storage.Sqlite;

public sealed class SqliteAuditLogStore(SqliteDatabase database) : IAuditLogStore
{
    public async Task<string> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO audit_log (timestamp, event_type, actor_user_id, target_user_id, client_ip, user_agent, details)
            VALUES ($timestamp, $eventType, $actor, $target, $clientIp, $userAgent, $details)
            RETURNING id;
            """;
        command.Parameters.AddWithValue("$timestamp", SqliteTimestamp.Format(auditEvent.Timestamp));
        command.Parameters.AddWithValue("$eventType", auditEvent.EventType);
        command.Parameters.AddWithValue("$actor", (object?)auditEvent.ActorUserId ?? DBNull.Value);
        command.Parameters.AddWithValue("$target", (object?)auditEvent.TargetUserId ?? DBNull.Value);
        command.Parameters.AddWithValue("$clientIp", (object?)auditEvent.ClientIp ?? DBNull.Value);
        command.Parameters.AddWithValue("$userAgent", (object?)auditEvent.UserAgent ?? DBNull.Value);
        command.Parameters.AddWithValue("$details", DetailsJson(auditEvent.Details));
        var id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return id.ToString(CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<AuditEvent>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var limit = AuditPaging.Limit(query);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        var conditions = new List<string>();
        if (query.EventType is not null)
        {
            conditions.Add("event_type = $eventType");
            command.Parameters.AddWithValue("$eventType", query.EventType);
        }
        if (query.UserId is not null)
        {
            conditions.Add("(actor_user_id = $userId OR target_user_id = $userId)");
            command.Parameters.AddWithValue("$userId", query.UserId);
        }
        if (query.From is { } from)
        {
            conditions.Add("timestamp >= $from");
            command.Parameters.AddWithValue("$from", SqliteTimestamp.Format(from));
        }
        if (query.To is { } to)
        {
            conditions.Add("timestamp <= $to");
            command.Parameters.AddWithValue("$to", SqliteTimestamp.Format(to));
        }
        if (query.Before is { } before)
        {
            if (ParseId(before) is not { } beforeId)
            {
                throw AuditPaging.InvalidBefore(before);
            }
            conditions.Add("id < $before");
            command.Parameters.AddWithValue("$before", beforeId);
        }

        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        command.CommandText = $"""
            SELECT id, timestamp, event_type, actor_user_id, target_user_id, client_ip, user_agent, details
            FROM audit_log {where}
            ORDER BY id DESC
            LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$limit", limit);

        var events = new List<AuditEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new AuditEvent(
                SqliteTimestamp.Parse(reader.GetString(1)),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                ParseDetails(reader.GetString(7)))
            {
                Id = reader.GetInt64(0).ToString(CultureInfo.InvariantCulture),
            });
        }
        return events;
    }

    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM audit_log WHERE timestamp < $cutoff;";
        command.Parameters.AddWithValue("$cutoff", SqliteTimestamp.Format(cutoff));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> ReplaceDetailsAsync(
        string id, IReadOnlyDictionary<string, string> details, CancellationToken cancellationToken)
    {
        if (ParseId(id) is not { } rowId)
        {
            return false;
        }
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE audit_log SET details = $details WHERE id = $id;";
        command.Parameters.AddWithValue("$details", DetailsJson(details));
        command.Parameters.AddWithValue("$id", rowId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    // The row `keep` places below the newest is the last to go. One statement, so a row appended meanwhile
    // is either counted or newer than the cut.
    public async Task<AuditTrim> TrimAsync(int maxRows, int keep, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keep);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(keep, maxRows);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var delete = connection.CreateCommand();
        delete.CommandText = """
            DELETE FROM audit_log
            WHERE (SELECT COUNT(*) FROM audit_log) > $maxRows
              AND id <= (SELECT id FROM audit_log ORDER BY id DESC LIMIT 1 OFFSET $keep);
            """;
        delete.Parameters.AddWithValue("$maxRows", maxRows);
        delete.Parameters.AddWithValue("$keep", keep);
        var deleted = await delete.ExecuteNonQueryAsync(cancellationToken);

        await using var oldest = connection.CreateCommand();
        oldest.CommandText = "SELECT timestamp FROM audit_log ORDER BY id LIMIT 1;";
        return new AuditTrim(deleted,
            await oldest.ExecuteScalarAsync(cancellationToken) is string timestamp ? SqliteTimestamp.Parse(timestamp) : null);
    }

    private static long? ParseId(string id) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

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
