using static MyChatImposter.Storage.Sqlite.SqliteStatements;

namespace MyChatImposter.Storage.Sqlite;

public sealed class SqliteChatSessionStore(SqliteStatements sql) : IChatSessionStore
{
    public Task SaveAsync(ChatSessionRecord record, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("""
            INSERT INTO chat_sessions (user_id, provider_name, linked_at)
            VALUES ($userId, $providerName, $linkedAt)
            ON CONFLICT (user_id) DO UPDATE SET provider_name = excluded.provider_name, linked_at = excluded.linked_at;
            """, cancellationToken,
            ("$userId", record.UserId), ("$providerName", record.ProviderName), ("$linkedAt", Instant(record.LinkedAt)));

    public async Task<IReadOnlyList<ChatSessionRecord>> ListAsync(CancellationToken cancellationToken) =>
        InOrdinalOrder(await sql.QueryAsync("SELECT user_id, provider_name, linked_at FROM chat_sessions;",
            reader => new ChatSessionRecord(reader.GetString(0), reader.GetString(1), ReadInstant(reader, 2)),
            cancellationToken), record => record.UserId);

    public async Task<bool> DeleteAsync(string userId, CancellationToken cancellationToken) =>
        await sql.ExecuteAsync("DELETE FROM chat_sessions WHERE user_id = $userId;", cancellationToken, ("$userId", userId)) > 0;
}
