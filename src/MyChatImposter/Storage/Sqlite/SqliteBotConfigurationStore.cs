using MyChatImposter.Configuration;

namespace MyChatImposter.Storage.Sqlite;

public sealed class SqliteBotConfigurationStore(SqliteDatabase database, TimeProvider time) : IBotConfigurationStore
{
    public async Task<IReadOnlyList<string>> ListUserIdsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // Ordinal order (SQLite compares TEXT with BINARY), stated rather than left to the primary-key scan.
        command.CommandText = "SELECT user_id FROM bot_configurations ORDER BY user_id;";

        var userIds = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            userIds.Add(reader.GetString(0));
        }

        // SQLite's BINARY collation orders UTF-8 bytes, which differs from .NET ordinal (UTF-16) order
        // above U+FFFF, so the order is decided here.
        userIds.Sort(StringComparer.Ordinal);
        return userIds;
    }

    public async Task<UserConfiguration?> GetAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT document FROM bot_configurations WHERE user_id = $userId;";
        command.Parameters.AddWithValue("$userId", userId);

        var document = (string?)await command.ExecuteScalarAsync(cancellationToken);
        return document is null ? null : ConfigurationJson.Deserialize(document);
    }

    public async Task<bool> SaveAsync(UserConfiguration configuration, CancellationToken cancellationToken)
    {
        var document = ConfigurationJson.Serialize(configuration);
        var now = SqliteTimestamp.Format(time.GetUtcNow());

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        // BEGIN IMMEDIATE: the existence check and the upsert happen under the write lock, so among
        // concurrent first writers exactly one is told it created the document.
        await using var transaction = connection.BeginTransaction(deferred: false);

        bool existed;
        await using (var check = connection.CreateCommand())
        {
            check.Transaction = transaction;
            check.CommandText = "SELECT EXISTS (SELECT 1 FROM bot_configurations WHERE user_id = $userId);";
            check.Parameters.AddWithValue("$userId", configuration.UserId);
            existed = Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken)) != 0;
        }

        await using (var upsert = connection.CreateCommand())
        {
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO bot_configurations (user_id, document, created_at, updated_at)
                VALUES ($userId, $document, $now, $now)
                ON CONFLICT (user_id) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at;
                """;
            upsert.Parameters.AddWithValue("$userId", configuration.UserId);
            upsert.Parameters.AddWithValue("$document", document);
            upsert.Parameters.AddWithValue("$now", now);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return !existed;
    }

    public async Task<bool> DeleteAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM bot_configurations WHERE user_id = $userId;";
        command.Parameters.AddWithValue("$userId", userId);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }
}
