using Microsoft.Data.Sqlite;
using static MyChatImposter.Storage.Sqlite.SqliteStatements;

namespace MyChatImposter.Storage.Sqlite;

public sealed class SqliteApiTokenStore(SqliteStatements sql) : IApiTokenStore
{
    private const string Columns =
        "id, user_id, name, token_hash, prefix, created_at, created_by, last_used_at, expires_at, revoked_at, revoked_by";

    // The partial unique index on (user_id, name) decides between two creators of one name.
    public async Task<bool> CreateAsync(ApiToken token, CancellationToken cancellationToken) =>
        await sql.ExecuteAsync($"""
            INSERT INTO api_tokens ({Columns})
            VALUES ($id, $userId, $name, $hash, $prefix, $createdAt, $createdBy, $lastUsedAt, $expiresAt, $revokedAt, $revokedBy)
            ON CONFLICT (user_id, name) WHERE revoked_at IS NULL DO NOTHING;
            """, cancellationToken,
            ("$id", token.Id), ("$userId", token.UserId), ("$name", token.Name), ("$hash", token.Hash), ("$prefix", token.Prefix),
            ("$createdAt", Instant(token.CreatedAt)), ("$createdBy", token.CreatedBy), ("$lastUsedAt", Instant(token.LastUsedAt)),
            ("$expiresAt", Instant(token.ExpiresAt)), ("$revokedAt", Instant(token.RevokedAt)), ("$revokedBy", Nullable(token.RevokedBy))) == 1;

    public Task<ApiToken?> GetByHashAsync(string hash, CancellationToken cancellationToken) =>
        sql.QuerySingleAsync($"SELECT {Columns} FROM api_tokens WHERE token_hash = $hash;", Read, cancellationToken, ("$hash", hash));

    public Task<ApiToken?> GetAsync(string id, CancellationToken cancellationToken) =>
        sql.QuerySingleAsync($"SELECT {Columns} FROM api_tokens WHERE id = $id;", Read, cancellationToken, ("$id", id));

    public Task<IReadOnlyList<ApiToken>> ListAsync(string? userId, CancellationToken cancellationToken) =>
        sql.QueryAsync($"""
            SELECT {Columns} FROM api_tokens
            WHERE $userId IS NULL OR user_id = $userId
            ORDER BY created_at DESC, id;
            """, Read, cancellationToken, ("$userId", Nullable(userId)));

    public Task TouchAsync(string hash, DateTimeOffset lastUsedAt, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("UPDATE api_tokens SET last_used_at = $lastUsedAt WHERE token_hash = $hash;", cancellationToken,
            ("$hash", hash), ("$lastUsedAt", Instant(lastUsedAt)));

    public async Task<bool> RevokeAsync(string id, DateTimeOffset revokedAt, string revokedBy, CancellationToken cancellationToken) =>
        await sql.ExecuteAsync("""
            UPDATE api_tokens SET revoked_at = $revokedAt, revoked_by = $revokedBy
            WHERE id = $id AND revoked_at IS NULL;
            """, cancellationToken, ("$id", id), ("$revokedAt", Instant(revokedAt)), ("$revokedBy", revokedBy)) > 0;

    public async Task<int> DeleteForUserAsync(string userId, CancellationToken cancellationToken) =>
        (int)await sql.ExecuteAsync("DELETE FROM api_tokens WHERE user_id = $userId;", cancellationToken, ("$userId", userId));

    private static ApiToken Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        ReadInstant(reader, 5),
        reader.GetString(6),
        ReadNullableInstant(reader, 7),
        ReadNullableInstant(reader, 8),
        ReadNullableInstant(reader, 9),
        ReadText(reader, 10));
}
