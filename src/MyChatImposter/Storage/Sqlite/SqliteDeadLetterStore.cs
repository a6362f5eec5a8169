using System.Globalization;
using Microsoft.Data.Sqlite;
using MyChatImposter.Pipeline;

namespace MyChatImposter.Storage.Sqlite;

public sealed class SqliteDeadLetterStore(SqliteDatabase database) : IDeadLetterStore
{
    public async Task AddAsync(DeadLetter deadLetter, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO dead_letters (user_id, stage, correspondent_id, provider_message_id, error, failed_at)
            VALUES ($userId, $stage, $correspondentId, $providerMessageId, $error, $failedAt);
            """;
        command.Parameters.AddWithValue("$userId", deadLetter.UserId);
        command.Parameters.AddWithValue("$stage", deadLetter.Stage);
        command.Parameters.AddWithValue("$correspondentId", (object?)deadLetter.CorrespondentId ?? DBNull.Value);
        command.Parameters.AddWithValue("$providerMessageId", (object?)deadLetter.ProviderMessageId ?? DBNull.Value);
        command.Parameters.AddWithValue("$error", deadLetter.Error);
        command.Parameters.AddWithValue("$failedAt", SqliteTimestamp.Format(deadLetter.FailedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string? userId, int limit, CancellationToken cancellationToken)
    {
        PipelinePaging.CheckDeadLetterLimit(limit);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = userId is null ? "" : "WHERE user_id = $userId";
        command.CommandText = $"""
            SELECT id, user_id, stage, correspondent_id, provider_message_id, error, failed_at
            FROM dead_letters {where}
            ORDER BY id DESC
            LIMIT $limit;
            """;
        if (userId is not null)
        {
            command.Parameters.AddWithValue("$userId", userId);
        }
        command.Parameters.AddWithValue("$limit", limit);

        var deadLetters = new List<DeadLetter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            deadLetters.Add(Read(reader));
        }
        return deadLetters;
    }

    public async Task<long> CountAsync(string? userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = userId is null
            ? "SELECT COUNT(*) FROM dead_letters;"
            : "SELECT COUNT(*) FROM dead_letters WHERE user_id = $userId;";
        if (userId is not null)
        {
            command.Parameters.AddWithValue("$userId", userId);
        }
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<long> DeleteForUserAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM dead_letters WHERE user_id = $userId;";
        command.Parameters.AddWithValue("$userId", userId);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DeadLetter Read(SqliteDataReader reader) => new(
        reader.GetString(1),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.GetString(5),
        SqliteTimestamp.Parse(reader.GetString(6)))
    {
        Id = reader.GetInt64(0).ToString(CultureInfo.InvariantCulture),
    };
}
