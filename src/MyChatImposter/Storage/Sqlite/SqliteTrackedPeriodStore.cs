using System.Globalization;
using Microsoft.Data.Sqlite;
using MyChatImposter.GroupTracking;

namespace MyChatImposter.Storage.Sqlite;

// Rows of `tracked_group_periods` and `group_tracking_state` (migration 15). The Id is the row's integer id.
public sealed class SqliteTrackedPeriodStore(SqliteDatabase database) : ITrackedPeriodStore
{
    private const string Columns =
        "id, user_id, group_id, display_name, period_start, period_end, status, message_count, item_count, attempts, " +
        "last_error, created_at, updated_at";

    public async Task<TrackedPeriod> UpsertAsync(TrackedPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // One statement: a concurrent upsert of the same period cannot make a second row.
        command.CommandText = $"""
            INSERT INTO tracked_group_periods (user_id, group_id, display_name, period_start, period_end, status,
                message_count, item_count, attempts, last_error, created_at, updated_at)
            VALUES ($userId, $groupId, $displayName, $periodStart, $periodEnd, $status,
                $messageCount, $itemCount, $attempts, $lastError, $createdAt, $updatedAt)
            ON CONFLICT (user_id, group_id, period_end) DO UPDATE SET
                display_name = excluded.display_name,
                period_start = excluded.period_start,
                status = excluded.status,
                message_count = excluded.message_count,
                item_count = excluded.item_count,
                attempts = excluded.attempts,
                last_error = excluded.last_error,
                updated_at = excluded.updated_at
            RETURNING {Columns};
            """;
        command.Parameters.AddWithValue("$userId", period.UserId);
        command.Parameters.AddWithValue("$groupId", period.GroupId);
        command.Parameters.AddWithValue("$displayName", period.DisplayName);
        command.Parameters.AddWithValue("$periodStart", SqliteTimestamp.Format(period.PeriodStart));
        command.Parameters.AddWithValue("$periodEnd", SqliteTimestamp.Format(period.PeriodEnd));
        command.Parameters.AddWithValue("$status", PeriodStatusText.Format(period.Status));
        command.Parameters.AddWithValue("$messageCount", period.MessageCount);
        command.Parameters.AddWithValue("$itemCount", period.ItemCount);
        command.Parameters.AddWithValue("$attempts", period.Attempts);
        command.Parameters.AddWithValue("$lastError", (object?)period.LastError ?? DBNull.Value);
        command.Parameters.AddWithValue("$createdAt", SqliteTimestamp.Format(period.CreatedAt));
        command.Parameters.AddWithValue("$updatedAt", SqliteTimestamp.Format(period.UpdatedAt));

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return Read(reader);
    }

    public async Task<IReadOnlyList<TrackedPeriod>> ListAsync(
        string userId, string? groupId, int limit, CancellationToken cancellationToken)
    {
        PipelinePaging.CheckPeriodLimit(limit);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var byGroup = groupId is null ? "" : "AND group_id = $groupId";
        command.CommandText = $"""
            SELECT {Columns} FROM tracked_group_periods
            WHERE user_id = $userId {byGroup}
            ORDER BY period_end DESC, id DESC
            LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$userId", userId);
        if (groupId is not null)
        {
            command.Parameters.AddWithValue("$groupId", groupId);
        }
        command.Parameters.AddWithValue("$limit", limit);

        var periods = new List<TrackedPeriod>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            periods.Add(Read(reader));
        }
        return periods;
    }

    public async Task<long> CountAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM tracked_group_periods WHERE user_id = $userId;";
        command.Parameters.AddWithValue("$userId", userId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<long> DeleteAsync(string userId, string? groupId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var byGroup = groupId is null ? "" : " AND group_id = $groupId";

        long deleted;
        await using (var periods = connection.CreateCommand())
        {
            periods.Transaction = transaction;
            periods.CommandText = $"DELETE FROM tracked_group_periods WHERE user_id = $userId{byGroup};";
            Bind(periods, userId, groupId);
            deleted = await periods.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var state = connection.CreateCommand())
        {
            state.Transaction = transaction;
            state.CommandText = $"DELETE FROM group_tracking_state WHERE user_id = $userId{byGroup};";
            Bind(state, userId, groupId);
            await state.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return deleted;

        static void Bind(SqliteCommand command, string userId, string? groupId)
        {
            command.Parameters.AddWithValue("$userId", userId);
            if (groupId is not null)
            {
                command.Parameters.AddWithValue("$groupId", groupId);
            }
        }
    }

    public async Task<DateTimeOffset?> LastProcessedEndAsync(string userId, string groupId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT last_processed_end FROM group_tracking_state WHERE user_id = $userId AND group_id = $groupId;
            """;
        command.Parameters.AddWithValue("$userId", userId);
        command.Parameters.AddWithValue("$groupId", groupId);
        return await command.ExecuteScalarAsync(cancellationToken) is string end ? SqliteTimestamp.Parse(end) : null;
    }

    public async Task AdvanceAsync(string userId, string groupId, DateTimeOffset periodEnd, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // The fixed-width text compares as the instants do (SqliteTimestamp), so the WHERE keeps the later end.
        command.CommandText = """
            INSERT INTO group_tracking_state (user_id, group_id, last_processed_end)
            VALUES ($userId, $groupId, $end)
            ON CONFLICT (user_id, group_id) DO UPDATE SET last_processed_end = excluded.last_processed_end
            WHERE excluded.last_processed_end > group_tracking_state.last_processed_end;
            """;
        command.Parameters.AddWithValue("$userId", userId);
        command.Parameters.AddWithValue("$groupId", groupId);
        command.Parameters.AddWithValue("$end", SqliteTimestamp.Format(periodEnd));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static TrackedPeriod Read(SqliteDataReader reader) => new(
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        SqliteTimestamp.Parse(reader.GetString(4)),
        SqliteTimestamp.Parse(reader.GetString(5)),
        PeriodStatusText.Parse(reader.GetString(6)) ?? throw new FormatException($"Unknown period status '{reader.GetString(6)}'."),
        reader.GetInt32(7),
        reader.GetInt32(8),
        reader.GetInt32(9),
        reader.IsDBNull(10) ? null : reader.GetString(10),
        SqliteTimestamp.Parse(reader.GetString(11)),
        SqliteTimestamp.Parse(reader.GetString(12)),
        reader.GetInt64(0).ToString(CultureInfo.InvariantCulture));
}
