using static MyChatImposter.Storage.Sqlite.SqliteStatements;

namespace MyChatImposter.Storage.Sqlite;

public sealed class SqliteBotConfigurationStore(SqliteStatements sql, TimeProvider time) : IBotConfigurationStore
{
    public async Task<IReadOnlyList<string>> ListUserIdsAsync(CancellationToken cancellationToken) =>
        InOrdinalOrder(await sql.QueryAsync("SELECT user_id FROM bot_configurations;", reader => reader.GetString(0), cancellationToken),
            userId => userId);

    public async Task<UserConfiguration?> GetAsync(string userId, CancellationToken cancellationToken) =>
        await sql.ScalarAsync("SELECT document FROM bot_configurations WHERE user_id = $userId;", cancellationToken,
            ("$userId", userId)) is string document
            ? ConfigurationJson.Deserialize(document)
            : null;

    // In one immediate transaction: the existence check and the upsert happen under the write lock, so among
    // concurrent first writers exactly one is told it created the document.
    public Task<bool> SaveAsync(UserConfiguration configuration, CancellationToken cancellationToken)
    {
        var document = ConfigurationJson.Serialize(configuration);
        var now = Instant(time.GetUtcNow());
        return sql.InTransactionAsync(async transaction =>
        {
            var existed = await transaction.ScalarAsync<long>(
                "SELECT EXISTS (SELECT 1 FROM bot_configurations WHERE user_id = $userId);", cancellationToken,
                ("$userId", configuration.UserId)) != 0;
            await transaction.ExecuteAsync("""
                INSERT INTO bot_configurations (user_id, document, created_at, updated_at)
                VALUES ($userId, $document, $now, $now)
                ON CONFLICT (user_id) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at;
                """, cancellationToken, ("$userId", configuration.UserId), ("$document", document), ("$now", now));
            return !existed;
        }, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string userId, CancellationToken cancellationToken) =>
        await sql.ExecuteAsync("DELETE FROM bot_configurations WHERE user_id = $userId;", cancellationToken, ("$userId", userId)) > 0;
}
