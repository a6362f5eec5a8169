using Microsoft.Data.Sqlite;
using static MyChatImposter.Storage.Sqlite.SqliteStatements;

namespace MyChatImposter.Storage.Sqlite;

public sealed class SqliteLlmInteractionStore(SqliteStatements sql) : ILlmInteractionStore
{
    private static readonly JsonSerializerOptions PromptJson = new(JsonSerializerDefaults.Web);

    public Task AddAsync(LlmInteraction interaction, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("""
            INSERT INTO llm_interactions (user_id, started_at, duration_ms, provider, model, prompt, answer, error)
            VALUES ($userId, $startedAt, $durationMs, $provider, $model, $prompt, $answer, $error);
            """, cancellationToken,
            ("$userId", interaction.UserId), ("$startedAt", Instant(interaction.StartedAt)),
            ("$durationMs", (long)interaction.Duration.TotalMilliseconds), ("$provider", interaction.Provider), ("$model", interaction.Model),
            ("$prompt", JsonSerializer.Serialize(interaction.Prompt, PromptJson)), ("$answer", Nullable(interaction.Answer)),
            ("$error", Nullable(interaction.Error)));

    public Task<IReadOnlyList<LlmInteraction>> ListAsync(
        string userId, string? before, int limit, CancellationToken cancellationToken)
    {
        LlmInteractionPaging.CheckLimit(limit);
        long? beforeId = null;
        if (before is not null)
        {
            beforeId = ParseId(before) ?? throw LlmInteractionPaging.InvalidBefore(before);
        }

        return sql.QueryAsync($"""
            SELECT id, user_id, started_at, duration_ms, provider, model, prompt, answer, error
            FROM llm_interactions
            WHERE user_id = $userId {(beforeId is null ? "" : "AND id < $before")}
            ORDER BY id DESC
            LIMIT $limit;
            """, Read, cancellationToken, ("$userId", userId), ("$limit", limit), ("$before", Nullable(beforeId)));
    }

    public Task<long> CountAsync(string userId, CancellationToken cancellationToken) =>
        sql.ScalarAsync<long>("SELECT COUNT(*) FROM llm_interactions WHERE user_id = $userId;", cancellationToken, ("$userId", userId));

    public Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("DELETE FROM llm_interactions WHERE started_at < $cutoff;", cancellationToken, ("$cutoff", Instant(cutoff)));

    public Task<long> DeleteForUserAsync(string userId, CancellationToken cancellationToken) =>
        sql.ExecuteAsync("DELETE FROM llm_interactions WHERE user_id = $userId;", cancellationToken, ("$userId", userId));

    private static LlmInteraction Read(SqliteDataReader reader) => new(
        reader.GetString(1),
        ReadInstant(reader, 2),
        TimeSpan.FromMilliseconds(reader.GetInt64(3)),
        reader.GetString(4),
        reader.GetString(5),
        JsonSerializer.Deserialize<List<LlmPromptMessage>>(reader.GetString(6), PromptJson) ?? [],
        ReadText(reader, 7),
        ReadText(reader, 8))
    {
        Id = ReadId(reader, 0),
    };
}
