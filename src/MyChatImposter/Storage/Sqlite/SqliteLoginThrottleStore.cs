using Microsoft.Data.Sqlite;
using static MyChatImposter.Storage.Sqlite.SqliteStatements;

namespace MyChatImposter.Storage.Sqlite;

public sealed class SqliteLoginThrottleStore(SqliteStatements sql) : ILoginThrottleStore
{
    private const string Columns = "key, user_id, client_ip, failures, first_failure_at, locked_until, expires_at";

    public Task<LoginThrottleRecord?> GetAsync(string key, CancellationToken cancellationToken) =>
        sql.QuerySingleAsync($"SELECT {Columns} FROM login_throttle WHERE key = $key;", Read, cancellationToken, ("$key", key));

    public Task SaveAsync(LoginThrottleRecord record, CancellationToken cancellationToken) =>
        sql.ExecuteAsync($"""
            INSERT OR REPLACE INTO login_throttle ({Columns})
            VALUES ($key, $userId, $clientIp, $failures, $firstFailureAt, $lockedUntil, $expiresAt);
            """, cancellationToken,
            ("$key", record.Key), ("$userId", record.UserId), ("$clientIp", Nullable(record.ClientIp)), ("$failures", record.Failures),
            ("$firstFailureAt", Instant(record.FirstFailureAt)), ("$lockedUntil", Instant(record.LockedUntil)),
            ("$expiresAt", Instant(record.ExpiresAt)));

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken) =>
        await sql.ExecuteAsync("DELETE FROM login_throttle WHERE key = $key;", cancellationToken, ("$key", key)) > 0;

    public async Task<int> DeleteForUserAsync(string userId, CancellationToken cancellationToken) =>
        (int)await sql.ExecuteAsync("DELETE FROM login_throttle WHERE user_id = $userId;", cancellationToken, ("$userId", userId));

    public async Task<IReadOnlyList<LoginThrottleRecord>> ListLockedAsync(
        DateTimeOffset now, CancellationToken cancellationToken) =>
        LoginThrottleOrder.Sort([.. await sql.QueryAsync($"SELECT {Columns} FROM login_throttle WHERE locked_until > $now;", Read,
            cancellationToken, ("$now", Instant(now)))]);

    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        (int)await sql.ExecuteAsync("DELETE FROM login_throttle WHERE expires_at <= $now;", cancellationToken, ("$now", Instant(now)));

    private static LoginThrottleRecord Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        ReadText(reader, 2),
        reader.GetInt32(3),
        ReadInstant(reader, 4),
        ReadNullableInstant(reader, 5),
        ReadInstant(reader, 6));
}
