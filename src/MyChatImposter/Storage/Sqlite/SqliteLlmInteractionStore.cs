using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using MyChatImposter.Llm;

namespace MyChatImposter.Storage.Sqlite;

public sealed class SqliteLlmInteractionStore(SqliteDatabase database) : ILlmInteractionStore
{
    private static readonly JsonSerializerOptions PromptJson = new(JsonSerializerDefaults.Web);

    public async Task AddAsync(LlmInteraction interaction, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO llm_interactions (user_id, started_at, duration_ms, provider, model, prompt, answer, error)
            VALUES ($userId, $startedAt, $durationMs, $provider, $model, $prompt, $answer, $error);
            """;
        command.Parameters.AddWithValue("$userId", interaction.UserId);
        command.Parameters.AddWithValue("$startedAt", SqliteTimestamp.Format(interaction.StartedAt));
        command.Parameters.AddWithValue("$durationMs", (long)interaction.Duration.TotalMilliseconds);
        command.Parameters.AddWithValue("$provider", interaction.Provider);
        command.Parameters.AddWithValue("$model", interaction.Model);
        command.Parameters.AddWithValue("$prompt", JsonSerializer.Serialize(interaction.Prompt, PromptJson));
        command.Parameters.AddWithValue("$answer", (object?)interaction.Answer ?? DBNull.Value);
        command.Parameters.AddWithValue("$error", (object?)interaction.Error ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<LlmInteraction>> ListAsync(
        string userId, string? before, int limit, CancellationToken cancellationToken)
    {
        LlmInteractionPaging.CheckLimit(limit);
        long? beforeId = null;
        if (before is not null)
        {
            beforeId = long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? id
                : throw LlmInteractionPaging.InvalidBefore(before);
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT id, user_id, started_at, duration_ms, provider, model, prompt, answer, error
            FROM llm_interactions
            WHERE user_id = $userId {(beforeId is null ? "" : "AND id < $before")}
            ORDER BY id DESC
            LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$userId", userId);
        command.Parameters.AddWithValue("$limit", limit);
        if (beforeId is { } cursor)
        {
            command.Parameters.AddWithValue("$before", cursor);
        }

        var interactions = new List<LlmInteraction>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            interactions.Add(Read(reader));
        }
        return interactions;
    }

    public async Task<long> CountAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM llm_interactions WHERE user_id = $userId;";
        command.Parameters.AddWithValue("$userId", userId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        DeleteAsync("started_at < $value", SqliteTimestamp.Format(cutoff), cancellationToken);

    public Task<long> DeleteForUserAsync(string userId, CancellationToken cancellationToken) =>
        DeleteAsync("user_id = $value", userId, cancellationToken);

    private async Task<long> DeleteAsync(string condition, string value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"DELETE FROM llm_interactions WHERE {condition};";
        command.Parameters.AddWithValue("$value", value);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static LlmInteraction Read(SqliteDataReader reader) => new(
        reader.GetString(1),
        SqliteTimestamp.Parse(reader.GetString(2)),
        TimeSpan.FromMilliseconds(reader.GetInt64(3)),
        reader.GetString(4),
        reader.GetString(5),
        JsonSerializer.Deserialize<List<LlmPromptMessage>>(reader.GetString(6), PromptJson) ?? [],
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.IsDBNull(8) ? null : reader.GetString(8))
    {
        Id = reader.GetInt64(0).ToString(CultureInfo.InvariantCulture),
    };
}
