using Microsoft.Data.Sqlite;

namespace MyChatImposter.Storage.Sqlite;

// One statement on its own connection, with its parameters: how the stores whose writes are each a single
// statement (no transaction across several) read and write, instead of a copy of this in every store.
internal sealed class SqliteStatements(SqliteDatabase database)
{
    public Task<IReadOnlyList<T>> QueryAsync<T>(
        string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        RunAsync<IReadOnlyList<T>>(sql, parameters, async command =>
        {
            var rows = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(read(reader));
            }
            return rows;
        }, cancellationToken);

    public Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        RunAsync(sql, parameters, command => command.ExecuteScalarAsync(cancellationToken), cancellationToken);

    // The rows changed.
    public Task<long> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        RunAsync(sql, parameters, async command => (long)await command.ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    private async Task<T> RunAsync<T>(
        string sql, (string Name, object Value)[] parameters, Func<SqliteCommand, Task<T>> run, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return await run(command);
    }

    public static object Nullable(object? value) => value ?? DBNull.Value;

    public static object Instant(DateTimeOffset instant) => SqliteTimestamp.Format(instant);

    public static object Instant(DateTimeOffset? instant) => instant is { } value ? SqliteTimestamp.Format(value) : DBNull.Value;

    public static DateTimeOffset? ReadInstant(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : SqliteTimestamp.Parse(reader.GetString(ordinal));

    public static string? ReadText(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
