using MyChatImposter.ChatProviders;

namespace MyChatImposter.Storage.Sqlite;

public sealed class SqliteChatSessionStore(SqliteDatabase database) : IChatSessionStore
{
    public async Task SaveAsync(ChatSessionRecord record, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO chat_sessions (user_id, provider_name, linked_at)
            VALUES ($userId, $providerName, $linkedAt)
            ON CONFLICT (user_id) DO UPDATE SET provider_name = excluded.provider_name, linked_at = excluded.linked_at;
            """;
        command.Parameters.AddWithValue("$userId", record.UserId);
        command.Parameters.AddWithValue("$providerName", record.ProviderName);
        command.Parameters.AddWithValue("$linkedAt", SqliteTimestamp.Format(record.LinkedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ChatSessionRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT user_id, provider_name, linked_at FROM chat_sessions;";

        var records = new List<ChatSessionRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new ChatSessionRecord(
                reader.GetString(0), reader.GetString(1), SqliteTimestamp.Parse(reader.GetString(2))));
        }

        // SQLite's BINARY collation orders UTF-8 bytes, which differs from .NET ordinal (UTF-16) order above
        // U+FFFF, so the order is decided here.
        records.Sort((a, b) => string.CompareOrdinal(a.UserId, b.UserId));
        return records;
    }

    public async Task<bool> DeleteAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM chat_sessions WHERE user_id = $userId;";
        command.Parameters.AddWithValue("$userId", userId);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }
}
