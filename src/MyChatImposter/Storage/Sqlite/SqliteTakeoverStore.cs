using Microsoft.Data.Sqlite;
using static MyChatImposter.Storage.Sqlite.SqliteStatements;

namespace MyChatImposter.Storage.Sqlite;

// Rows of `takeovers` (migration 17), keyed by (user_id, correspondent_id).
public sealed class SqliteTakeoverStore(SqliteStatements sql) : ITakeoverStore
{
    private const string Columns = "user_id, correspondent_id, display_name, since, until, started_by";

    public Task<Takeover?> GetAsync(string userId, string correspondentId, CancellationToken cancellationToken) =>
        sql.QuerySingleAsync($"SELECT {Columns} FROM takeovers WHERE user_id = $userId AND correspondent_id = $correspondentId;",
            Read, cancellationToken, ("$userId", userId), ("$correspondentId", correspondentId));

    // One statement, so two concurrent sets leave one row: the later one's.
    public Task SetAsync(Takeover takeover, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(takeover);
        return sql.ExecuteAsync("""
            INSERT INTO takeovers (user_id, correspondent_id, display_name, since, until, started_by)
            VALUES ($userId, $correspondentId, $displayName, $since, $until, $by)
            ON CONFLICT (user_id, correspondent_id) DO UPDATE SET
                display_name = excluded.display_name,
                since = excluded.since,
                until = excluded.until,
                started_by = excluded.started_by;
            """, cancellationToken,
            ("$userId", takeover.UserId), ("$correspondentId", takeover.CorrespondentId), ("$displayName", Nullable(takeover.DisplayName)),
            ("$since", Instant(takeover.Since)), ("$until", Instant(takeover.Until)), ("$by", takeover.By));
    }

    public async Task<bool> RemoveAsync(string userId, string correspondentId, CancellationToken cancellationToken) =>
        await sql.ExecuteAsync("DELETE FROM takeovers WHERE user_id = $userId AND correspondent_id = $correspondentId;",
            cancellationToken, ("$userId", userId), ("$correspondentId", correspondentId)) == 1;

    public Task<IReadOnlyList<Takeover>> ListAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        PageLimit.Check(limit, ITakeoverStore.MaxPage);
        return sql.QueryAsync($"""
            SELECT {Columns} FROM takeovers
            WHERE user_id = $userId
            ORDER BY since DESC, correspondent_id
            LIMIT $limit;
            """, Read, cancellationToken, ("$userId", userId), ("$limit", limit));
    }

    public Task<long> DeleteEndedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("DELETE FROM takeovers WHERE until IS NOT NULL AND until < $before;", cancellationToken,
            ("$before", Instant(before)));

    public Task<long> CountForUserAsync(string userId, CancellationToken cancellationToken) =>
        sql.ScalarAsync<long>("SELECT COUNT(*) FROM takeovers WHERE user_id = $userId;", cancellationToken, ("$userId", userId));

    public Task<long> DeleteForUserAsync(string userId, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("DELETE FROM takeovers WHERE user_id = $userId;", cancellationToken, ("$userId", userId));

    private static Takeover Read(SqliteDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), ReadText(reader, 2), ReadInstant(reader, 3),
        ReadNullableInstant(reader, 4), reader.GetString(5));
}
