using Microsoft.Data.Sqlite;
using static MyChatImposter.Storage.Sqlite.SqliteStatements;

namespace MyChatImposter.Storage.Sqlite;

public sealed class SqliteDeadLetterStore(SqliteStatements sql) : IDeadLetterStore
{
    public Task AddAsync(DeadLetter deadLetter, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("""
            INSERT INTO dead_letters (user_id, stage, correspondent_id, provider_message_id, error, failed_at)
            VALUES ($userId, $stage, $correspondentId, $providerMessageId, $error, $failedAt);
            """, cancellationToken,
            ("$userId", deadLetter.UserId), ("$stage", deadLetter.Stage), ("$correspondentId", Nullable(deadLetter.CorrespondentId)),
            ("$providerMessageId", Nullable(deadLetter.ProviderMessageId)), ("$error", deadLetter.Error),
            ("$failedAt", Instant(deadLetter.FailedAt)));

    public Task<IReadOnlyList<DeadLetter>> ListAsync(string? userId, int limit, CancellationToken cancellationToken)
    {
        PipelinePaging.CheckDeadLetterLimit(limit);
        var where = userId is null ? "" : "WHERE user_id = $userId";
        return sql.QueryAsync($"""
            SELECT id, user_id, stage, correspondent_id, provider_message_id, error, failed_at
            FROM dead_letters {where}
            ORDER BY id DESC
            LIMIT $limit;
            """, Read, cancellationToken, ("$userId", Nullable(userId)), ("$limit", limit));
    }

    public Task<long> CountAsync(string? userId, CancellationToken cancellationToken) =>
        sql.ScalarAsync<long>(userId is null
            ? "SELECT COUNT(*) FROM dead_letters;"
            : "SELECT COUNT(*) FROM dead_letters WHERE user_id = $userId;", cancellationToken, ("$userId", Nullable(userId)));

    public Task<long> DeleteForUserAsync(string userId, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("DELETE FROM dead_letters WHERE user_id = $userId;", cancellationToken, ("$userId", userId));

    private static DeadLetter Read(SqliteDataReader reader) => new(
        reader.GetString(1), reader.GetString(2), ReadText(reader, 3), ReadText(reader, 4), reader.GetString(5),
        ReadInstant(reader, 6))
    {
        Id = ReadId(reader, 0),
    };
}
