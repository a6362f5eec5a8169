using Microsoft.Data.Sqlite;
using static MyChatImposter.Storage.Sqlite.SqliteStatements;

namespace MyChatImposter.Storage.Sqlite;

// Rows of `tracked_group_periods` and `group_tracking_state` (migration 15). The Id is the row's integer id.
public sealed class SqliteTrackedPeriodStore(SqliteStatements sql) : ITrackedPeriodStore
{
    private const string Columns =
        "id, user_id, group_id, display_name, period_start, period_end, status, message_count, item_count, attempts, " +
        "last_error, created_at, updated_at";

    // One statement: a concurrent upsert of the same period cannot make a second row.
    public async Task<TrackedPeriod> UpsertAsync(TrackedPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        return (await sql.WriteQuerySingleAsync($"""
            INSERT INTO tracked_group_periods (user_id, group_id, display_name, period_start, period_end, status,
                message_count, item_count, attempts, last_error, created_at, updated_at)
            VALUES ($userId, $groupId, $displayName, $periodStart, $periodEnd, $status,
                $messageCount, $itemCount, $attempts, $lastError, $createdAt, $updatedAt)
            ON CONFLICT (user_id, group_id, period_end) DO UPDATE SET
                (display_name, period_start, status, message_count, item_count, attempts, last_error, updated_at) =
                (excluded.display_name, excluded.period_start, excluded.status, excluded.message_count, excluded.item_count,
                 excluded.attempts, excluded.last_error, excluded.updated_at)
            RETURNING {Columns};
            """, Read, cancellationToken,
            ("$userId", period.UserId), ("$groupId", period.GroupId), ("$displayName", period.DisplayName),
            ("$periodStart", Instant(period.PeriodStart)), ("$periodEnd", Instant(period.PeriodEnd)),
            ("$status", EnumNames<PeriodStatus>.Name(period.Status)), ("$messageCount", period.MessageCount), ("$itemCount", period.ItemCount),
            ("$attempts", period.Attempts), ("$lastError", Nullable(period.LastError)), ("$createdAt", Instant(period.CreatedAt)),
            ("$updatedAt", Instant(period.UpdatedAt))))!;
    }

    public Task<IReadOnlyList<TrackedPeriod>> ListAsync(
        string userId, string? groupId, int limit, CancellationToken cancellationToken)
    {
        PipelinePaging.CheckPeriodLimit(limit);
        var byGroup = groupId is null ? "" : "AND group_id = $groupId";
        return sql.QueryAsync($"""
            SELECT {Columns} FROM tracked_group_periods
            WHERE user_id = $userId {byGroup}
            ORDER BY period_end DESC, id DESC
            LIMIT $limit;
            """, Read, cancellationToken, ("$userId", userId), ("$groupId", Nullable(groupId)), ("$limit", limit));
    }

    public Task<long> CountAsync(string userId, CancellationToken cancellationToken) =>
        sql.ScalarAsync<long>("SELECT COUNT(*) FROM tracked_group_periods WHERE user_id = $userId;", cancellationToken,
            ("$userId", userId));

    // One transaction: the periods and the group's tracking state go together.
    public Task<long> DeleteAsync(string userId, string? groupId, CancellationToken cancellationToken)
    {
        var byGroup = groupId is null ? "" : " AND group_id = $groupId";
        (string Name, object Value)[] parameters = [("$userId", userId), ("$groupId", Nullable(groupId))];
        return sql.InTransactionAsync(async transaction =>
        {
            var deleted = await transaction.ExecuteAsync(
                $"DELETE FROM tracked_group_periods WHERE user_id = $userId{byGroup};", cancellationToken, parameters);
            await transaction.ExecuteAsync($"DELETE FROM group_tracking_state WHERE user_id = $userId{byGroup};", cancellationToken, parameters);
            return deleted;
        }, cancellationToken);
    }

    public async Task<DateTimeOffset?> LastProcessedEndAsync(string userId, string groupId, CancellationToken cancellationToken) =>
        await sql.ScalarAsync("""
            SELECT last_processed_end FROM group_tracking_state WHERE user_id = $userId AND group_id = $groupId;
            """, cancellationToken, ("$userId", userId), ("$groupId", groupId)) is string end
            ? SqliteTimestamp.Parse(end)
            : null;

    // The fixed-width text compares as the instants do (SqliteTimestamp), so the WHERE keeps the later end.
    public Task AdvanceAsync(string userId, string groupId, DateTimeOffset periodEnd, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("""
            INSERT INTO group_tracking_state (user_id, group_id, last_processed_end)
            VALUES ($userId, $groupId, $end)
            ON CONFLICT (user_id, group_id) DO UPDATE SET last_processed_end = excluded.last_processed_end
            WHERE excluded.last_processed_end > group_tracking_state.last_processed_end;
            """, cancellationToken, ("$userId", userId), ("$groupId", groupId), ("$end", Instant(periodEnd)));

    private static TrackedPeriod Read(SqliteDataReader reader) => new(
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        ReadInstant(reader, 4),
        ReadInstant(reader, 5),
        EnumNames<PeriodStatus>.Parse(reader.GetString(6)),
        reader.GetInt32(7),
        reader.GetInt32(8),
        reader.GetInt32(9),
        ReadText(reader, 10),
        ReadInstant(reader, 11),
        ReadInstant(reader, 12),
        ReadId(reader, 0));
}
