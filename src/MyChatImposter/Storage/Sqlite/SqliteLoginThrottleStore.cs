using Microsoft.Data.Sqlite;
using MyChatImposter.Accounts;

namespace MyChatImposter.Storage.Sqlite;

public sealed class SqliteLoginThrottleStore(SqliteDatabase database) : ILoginThrottleStore
{
    private const string Columns = "key, user_id, client_ip, failures, first_failure_at, locked_until, expires_at";

    public async Task<LoginThrottleRecord?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM login_throttle WHERE key = $key;";
        command.Parameters.AddWithValue("$key", key);

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task SaveAsync(LoginThrottleRecord record, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT OR REPLACE INTO login_throttle ({Columns})
            VALUES ($key, $userId, $clientIp, $failures, $firstFailureAt, $lockedUntil, $expiresAt);
            """;
        command.Parameters.AddWithValue("$key", record.Key);
        command.Parameters.AddWithValue("$userId", record.UserId);
        command.Parameters.AddWithValue("$clientIp", (object?)record.ClientIp ?? DBNull.Value);
        command.Parameters.AddWithValue("$failures", record.Failures);
        command.Parameters.AddWithValue("$firstFailureAt", SqliteTimestamp.Format(record.FirstFailureAt));
        command.Parameters.AddWithValue("$lockedUntil",
            record.LockedUntil is { } lockedUntil ? SqliteTimestamp.Format(lockedUntil) : DBNull.Value);
        command.Parameters.AddWithValue("$expiresAt", SqliteTimestamp.Format(record.ExpiresAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM login_throttle WHERE key = $key;";
        command.Parameters.AddWithValue("$key", key);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<int> DeleteForUserAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM login_throttle WHERE user_id = $userId;";
        command.Parameters.AddWithValue("$userId", userId);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<LoginThrottleRecord>> ListLockedAsync(
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM login_throttle WHERE locked_until > $now;";
        command.Parameters.AddWithValue("$now", SqliteTimestamp.Format(now));

        var records = new List<LoginThrottleRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(Read(reader));
        }
        return LoginThrottleOrder.Sort(records);
    }

    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM login_throttle WHERE expires_at <= $now;";
        command.Parameters.AddWithValue("$now", SqliteTimestamp.Format(now));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static LoginThrottleRecord Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.GetInt32(3),
        SqliteTimestamp.Parse(reader.GetString(4)),
        reader.IsDBNull(5) ? null : SqliteTimestamp.Parse(reader.GetString(5)),
        SqliteTimestamp.Parse(reader.GetString(6)));
}
