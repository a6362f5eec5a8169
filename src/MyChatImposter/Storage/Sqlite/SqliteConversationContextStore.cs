using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using MyChatImposter.AutoReply;

namespace MyChatImposter.Storage.Sqlite;

public sealed class SqliteConversationContextStore(SqliteDatabase database, TimeProvider time) : IConversationContextStore
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed record StoredEntry(
        [property: JsonPropertyName("content")] string Content,
        [property: JsonPropertyName("added_at")] string AddedAt,
        [property: JsonPropertyName("from_bot")] bool FromBot);

    public async Task<IReadOnlyList<ContextEntry>> GetAsync(string userId, string contextKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT entries FROM conversation_context WHERE user_id = $userId AND context_key = $key;";
        command.Parameters.AddWithValue("$userId", userId);
        command.Parameters.AddWithValue("$key", contextKey);
        return await command.ExecuteScalarAsync(cancellationToken) is string entries ? Read(entries) : [];
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<ContextEntry>>> GetAllAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT context_key, entries FROM conversation_context WHERE user_id = $userId;";
        command.Parameters.AddWithValue("$userId", userId);

        // Sorted here: SQLite's BINARY collation orders UTF-8 bytes, not .NET's ordinal UTF-16 order.
        var histories = new SortedDictionary<string, IReadOnlyList<ContextEntry>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            histories[reader.GetString(0)] = Read(reader.GetString(1));
        }
        return histories;
    }

    public async Task SaveAsync(string userId, string contextKey, IReadOnlyList<ContextEntry> entries, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$userId", userId);
        command.Parameters.AddWithValue("$key", contextKey);
        if (entries.Count == 0)
        {
            command.CommandText = "DELETE FROM conversation_context WHERE user_id = $userId AND context_key = $key;";
        }
        else
        {
            command.CommandText = """
                INSERT INTO conversation_context (user_id, context_key, entries, updated_at)
                VALUES ($userId, $key, $entries, $updatedAt)
                ON CONFLICT (user_id, context_key) DO UPDATE SET entries = excluded.entries, updated_at = excluded.updated_at;
                """;
            command.Parameters.AddWithValue("$entries", JsonSerializer.Serialize(
                entries.Select(entry => new StoredEntry(entry.Content, SqliteTimestamp.Format(entry.AddedAt), entry.FromBot)), Json));
            command.Parameters.AddWithValue("$updatedAt", SqliteTimestamp.Format(time.GetUtcNow()));
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> DeleteAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM conversation_context WHERE user_id = $userId;";
        command.Parameters.AddWithValue("$userId", userId);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static IReadOnlyList<ContextEntry> Read(string entries) =>
        [.. JsonSerializer.Deserialize<List<StoredEntry>>(entries, Json)!
            .Select(entry => new ContextEntry(entry.Content, SqliteTimestamp.Parse(entry.AddedAt), entry.FromBot))];
}
