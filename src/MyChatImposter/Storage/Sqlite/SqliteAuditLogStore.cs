using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using MyChatImposter.Accounts;

namespace MyChatImposter.Storage.Sqlite;

public sealed class SqliteAuditLogStore(SqliteDatabase database) : IAuditLogStore
{
    public async Task AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO audit_log (timestamp, event_type, actor_user_id, target_user_id, client_ip, user_agent, details)
            VALUES ($timestamp, $eventType, $actor, $target, $clientIp, $userAgent, $details);
            """;
        command.Parameters.AddWithValue("$timestamp", SqliteTimestamp.Format(auditEvent.Timestamp));
        command.Parameters.AddWithValue("$eventType", auditEvent.EventType);
        command.Parameters.AddWithValue("$actor", (object?)auditEvent.ActorUserId ?? DBNull.Value);
        command.Parameters.AddWithValue("$target", (object?)auditEvent.TargetUserId ?? DBNull.Value);
        command.Parameters.AddWithValue("$clientIp", (object?)auditEvent.ClientIp ?? DBNull.Value);
        command.Parameters.AddWithValue("$userAgent", (object?)auditEvent.UserAgent ?? DBNull.Value);
        command.Parameters.AddWithValue("$details", DetailsJson(auditEvent.Details));
        await command.ExecuteNonQueryAsync(cancellationToken);
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
            if (!long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var beforeId))
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
