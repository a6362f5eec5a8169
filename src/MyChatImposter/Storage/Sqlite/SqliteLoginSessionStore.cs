using Microsoft.Data.Sqlite;
using MyChatImposter.Accounts;

namespace MyChatImposter.Storage.Sqlite;

public sealed class SqliteLoginSessionStore(SqliteDatabase database) : ILoginSessionStore
{
    private const string Columns = "id_hash, user_id, created_at, last_seen_at, expires_at, client_ip, user_agent";

    public async Task CreateAsync(LoginSession session, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO login_sessions ({Columns})
            VALUES ($idHash, $userId, $createdAt, $lastSeenAt, $expiresAt, $clientIp, $userAgent);
            """;
        command.Parameters.AddWithValue("$idHash", session.IdHash);
        command.Parameters.AddWithValue("$userId", session.UserId);
        command.Parameters.AddWithValue("$createdAt", SqliteTimestamp.Format(session.CreatedAt));
        command.Parameters.AddWithValue("$lastSeenAt", SqliteTimestamp.Format(session.LastSeenAt));
        command.Parameters.AddWithValue("$expiresAt", SqliteTimestamp.Format(session.ExpiresAt));
        command.Parameters.AddWithValue("$clientIp", (object?)session.ClientIp ?? DBNull.Value);
        command.Parameters.AddWithValue("$userAgent", (object?)session.UserAgent ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<LoginSession?> GetAsync(string idHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM login_sessions WHERE id_hash = $idHash;";
        command.Parameters.AddWithValue("$idHash", idHash);

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<LoginSession>> ListForUserAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM login_sessions
            WHERE user_id = $userId
            ORDER BY created_at DESC, id_hash;
            """;
        command.Parameters.AddWithValue("$userId", userId);

        var sessions = new List<LoginSession>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sessions.Add(Read(reader));
        }
        return sessions;
    }

    public async Task TouchAsync(string idHash, DateTimeOffset lastSeenAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE login_sessions SET last_seen_at = $lastSeenAt WHERE id_hash = $idHash;";
        command.Parameters.AddWithValue("$idHash", idHash);
        command.Parameters.AddWithValue("$lastSeenAt", SqliteTimestamp.Format(lastSeenAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(string idHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM login_sessions WHERE id_hash = $idHash;";
        command.Parameters.AddWithValue("$idHash", idHash);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<int> DeleteForUserAsync(string userId, string? exceptIdHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM login_sessions
            WHERE user_id = $userId AND ($exceptIdHash IS NULL OR id_hash <> $exceptIdHash);
            """;
        command.Parameters.AddWithValue("$userId", userId);
        command.Parameters.AddWithValue("$exceptIdHash", (object?)exceptIdHash ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> DeleteExpiredAsync(
        DateTimeOffset now, DateTimeOffset idleCutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM login_sessions WHERE expires_at <= $now OR last_seen_at <= $idleCutoff;";
        command.Parameters.AddWithValue("$now", SqliteTimestamp.Format(now));
        command.Parameters.AddWithValue("$idleCutoff", SqliteTimestamp.Format(idleCutoff));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static LoginSession Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        SqliteTimestamp.Parse(reader.GetString(2)),
        SqliteTimestamp.Parse(reader.GetString(3)),
        SqliteTimestamp.Parse(reader.GetString(4)),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6));
}
