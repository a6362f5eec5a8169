using Microsoft.Data.Sqlite;
using static MyChatImposter.Storage.Sqlite.SqliteStatements;

namespace MyChatImposter.Storage.Sqlite;

public sealed class SqliteLoginSessionStore(SqliteStatements sql) : ILoginSessionStore
{
    private const string Columns = "id_hash, user_id, created_at, last_seen_at, expires_at, client_ip, user_agent";

    public Task CreateAsync(LoginSession session, CancellationToken cancellationToken) =>
        sql.ExecuteAsync($"""
            INSERT INTO login_sessions ({Columns})
            VALUES ($idHash, $userId, $createdAt, $lastSeenAt, $expiresAt, $clientIp, $userAgent);
            """, cancellationToken,
            ("$idHash", session.IdHash), ("$userId", session.UserId), ("$createdAt", Instant(session.CreatedAt)),
            ("$lastSeenAt", Instant(session.LastSeenAt)), ("$expiresAt", Instant(session.ExpiresAt)), ("$clientIp", Nullable(session.ClientIp)),
            ("$userAgent", Nullable(session.UserAgent)));

    public Task<LoginSession?> GetAsync(string idHash, CancellationToken cancellationToken) =>
        sql.QuerySingleAsync($"SELECT {Columns} FROM login_sessions WHERE id_hash = $idHash;", Read, cancellationToken, ("$idHash", idHash));

    public Task<IReadOnlyList<LoginSession>> ListForUserAsync(string userId, CancellationToken cancellationToken) =>
        sql.QueryAsync($"""
            SELECT {Columns} FROM login_sessions
            WHERE user_id = $userId
            ORDER BY created_at DESC, id_hash;
            """, Read, cancellationToken, ("$userId", userId));

    public Task TouchAsync(string idHash, DateTimeOffset lastSeenAt, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("UPDATE login_sessions SET last_seen_at = $lastSeenAt WHERE id_hash = $idHash;", cancellationToken,
            ("$idHash", idHash), ("$lastSeenAt", Instant(lastSeenAt)));

    public async Task<bool> DeleteAsync(string idHash, CancellationToken cancellationToken) =>
        await sql.ExecuteAsync("DELETE FROM login_sessions WHERE id_hash = $idHash;", cancellationToken, ("$idHash", idHash)) > 0;

    public async Task<int> DeleteForUserAsync(string userId, string? exceptIdHash, CancellationToken cancellationToken) =>
        (int)await sql.ExecuteAsync("""
            DELETE FROM login_sessions
            WHERE user_id = $userId AND ($exceptIdHash IS NULL OR id_hash <> $exceptIdHash);
            """, cancellationToken, ("$userId", userId), ("$exceptIdHash", Nullable(exceptIdHash)));

    public async Task<int> DeleteExpiredAsync(
        DateTimeOffset now, DateTimeOffset idleCutoff, CancellationToken cancellationToken) =>
        (int)await sql.ExecuteAsync("DELETE FROM login_sessions WHERE expires_at <= $now OR last_seen_at <= $idleCutoff;",
            cancellationToken, ("$now", Instant(now)), ("$idleCutoff", Instant(idleCutoff)));

    private static LoginSession Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        ReadInstant(reader, 2),
        ReadInstant(reader, 3),
        ReadInstant(reader, 4),
        ReadText(reader, 5),
        ReadText(reader, 6));
}
