using System.Text.Encodings.Web;
using static MyChatImposter.Storage.Sqlite.SqliteStatements;

namespace MyChatImposter.Storage.Sqlite;

public sealed class SqliteConversationContextStore(SqliteStatements sql, TimeProvider time) : IConversationContextStore
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed record StoredEntry(
        [property: JsonPropertyName("content")] string Content,
        [property: JsonPropertyName("added_at")] string AddedAt,
        [property: JsonPropertyName("from_bot")] bool FromBot);

    public async Task<IReadOnlyList<ContextEntry>> GetAsync(string userId, string contextKey, CancellationToken cancellationToken) =>
        await sql.ScalarAsync("SELECT entries FROM conversation_context WHERE user_id = $userId AND context_key = $key;",
            cancellationToken, ("$userId", userId), ("$key", contextKey)) is string entries
            ? Read(entries)
            : [];

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<ContextEntry>>> GetAllAsync(string userId, CancellationToken cancellationToken) =>
        InOrdinalOrder(await sql.QueryAsync("SELECT context_key, entries FROM conversation_context WHERE user_id = $userId;",
            reader => (reader.GetString(0), Read(reader.GetString(1))), cancellationToken, ("$userId", userId)));

    // No entries left means no row.
    public Task SaveAsync(string userId, string contextKey, IReadOnlyList<ContextEntry> entries, CancellationToken cancellationToken) =>
        entries.Count == 0
            ? sql.ExecuteAsync("DELETE FROM conversation_context WHERE user_id = $userId AND context_key = $key;", cancellationToken,
                ("$userId", userId), ("$key", contextKey))
            : sql.ExecuteAsync("""
                INSERT INTO conversation_context (user_id, context_key, entries, updated_at)
                VALUES ($userId, $key, $entries, $updatedAt)
                ON CONFLICT (user_id, context_key) DO UPDATE SET entries = excluded.entries, updated_at = excluded.updated_at;
                """, cancellationToken, ("$userId", userId), ("$key", contextKey), ("$entries", JsonSerializer.Serialize(
                    entries.Select(entry => new StoredEntry(entry.Content, SqliteTimestamp.Format(entry.AddedAt), entry.FromBot)), Json)),
                ("$updatedAt", Instant(time.GetUtcNow())));

    public Task<long> DeleteAsync(string userId, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("DELETE FROM conversation_context WHERE user_id = $userId;", cancellationToken, ("$userId", userId));

    private static IReadOnlyList<ContextEntry> Read(string entries) =>
        [.. JsonSerializer.Deserialize<List<StoredEntry>>(entries, Json)!
            .Select(entry => new ContextEntry(entry.Content, SqliteTimestamp.Parse(entry.AddedAt), entry.FromBot))];
}
