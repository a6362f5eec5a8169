using Microsoft.Data.Sqlite;

namespace MyChatImposter.Storage.Sqlite;

// How every SQLite store reads and writes: a read is one statement on a pooled connection that refuses to write
// (query_only); a write (ExecuteAsync, the Write… methods, InTransactionAsync) runs in the writer's transaction
// (SqliteWriter: one connection, group commit), inside which several statements of one InTransactionAsync are
// one; and the conversions between column values and .NET values that the stores share. Commands of their own
// are kept only where they are the point: the archive's batched insert (one compiled command bound per row,
// measured by a benchmark) and SqliteDatabase's connection set-up, migrations and ping.
public sealed class SqliteStatements
{
    private readonly SqliteDatabase? _database;
    private readonly SqliteTransaction? _transaction;

    public SqliteStatements(SqliteDatabase database) => _database = database;

    private SqliteStatements(SqliteTransaction transaction) => _transaction = transaction;

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

    // The row a key names, or null when there is none.
    public async Task<T?> QuerySingleAsync<T>(
        string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        (await QueryAsync(sql, read, cancellationToken, parameters)).SingleOrDefault();

    public Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        RunAsync(sql, parameters, command => command.ExecuteScalarAsync(cancellationToken), cancellationToken);

    // For statements that always give a value of that type (SELECT COUNT(*) gives a long).
    public async Task<T> ScalarAsync<T>(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        (T)(await ScalarAsync(sql, cancellationToken, parameters))!;

    // The rows changed.
    public Task<long> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        InTransactionAsync(statements => statements.RunAsync(
            sql, parameters, async command => (long)await command.ExecuteNonQueryAsync(cancellationToken), cancellationToken), cancellationToken);

    // A write whose statement returns rows (UPDATE … RETURNING).
    public Task<IReadOnlyList<T>> WriteQueryAsync<T>(
        string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        InTransactionAsync(statements => statements.QueryAsync(sql, read, cancellationToken, parameters), cancellationToken);

    // A write whose statement returns at most one row.
    public async Task<T?> WriteQuerySingleAsync<T>(
        string sql, Func<SqliteDataReader, T> read, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        (await WriteQueryAsync(sql, read, cancellationToken, parameters)).SingleOrDefault();

    // A write whose statement returns one value of that type (INSERT … RETURNING id gives a long).
    public Task<T> WriteScalarAsync<T>(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        InTransactionAsync(statements => statements.ScalarAsync<T>(sql, cancellationToken, parameters), cancellationToken);

    // The work's statements as one: in the writer's transaction (SqliteWriter), where no other write can come
    // between what it reads and what it writes. Its writes stand once the transaction commits; when the work
    // throws they are rolled back and the exception is the caller's. Inside a transaction already, it is part of it.
    public Task<T> InTransactionAsync<T>(Func<SqliteStatements, Task<T>> work, CancellationToken cancellationToken) =>
        _transaction is not null
            ? work(this)
            : Database.WriteAsync(transaction => work(new SqliteStatements(transaction)), cancellationToken);

    // For stores whose interface is synchronous (the Data Protection key repository).
    public IReadOnlyList<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params (string Name, object Value)[] parameters)
    {
        using var connection = Database.OpenReadConnection();
        using var command = CreateCommand(connection, sql, parameters);
        var rows = new List<T>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    // The rows changed, for stores whose interface is synchronous: waits for the writer (rare, key-ring writes).
    public long Execute(string sql, params (string Name, object Value)[] parameters) =>
        ExecuteAsync(sql, CancellationToken.None, parameters).GetAwaiter().GetResult();

    private SqliteDatabase Database =>
        _database ?? throw new InvalidOperationException("Statements inside a transaction run on the transaction's connection.");

    private async Task<T> RunAsync<T>(
        string sql, (string Name, object Value)[] parameters, Func<SqliteCommand, Task<T>> run, CancellationToken cancellationToken)
    {
        if (_transaction is { } transaction)
        {
            await using var inTransaction = CreateCommand(transaction.Connection!, sql, parameters);
            inTransaction.Transaction = transaction;
            return await run(inTransaction);
        }
        await using var connection = await Database.OpenReadConnectionAsync(cancellationToken);
        await using var command = CreateCommand(connection, sql, parameters);
        return await run(command);
    }

    // A parameter the SQL does not name is left unused, so optional conditions can pass theirs unconditionally.
    private static SqliteCommand CreateCommand(SqliteConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command;
    }

    public static object Nullable(object? value) => value ?? DBNull.Value;

    public static object Instant(DateTimeOffset instant) => SqliteTimestamp.Format(instant);

    public static object Instant(DateTimeOffset? instant) => instant is { } value ? SqliteTimestamp.Format(value) : DBNull.Value;

    public static DateTimeOffset ReadInstant(SqliteDataReader reader, int ordinal) => SqliteTimestamp.Parse(reader.GetString(ordinal));

    public static DateTimeOffset? ReadNullableInstant(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ReadInstant(reader, ordinal);

    public static string? ReadText(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    // Stores whose records carry an integer row id as text (dead letters, audit events, LLM interactions, periods).
    public static string ReadId(SqliteDataReader reader, int ordinal) =>
        reader.GetInt64(ordinal).ToString(CultureInfo.InvariantCulture);

    // The row id in a paging cursor or an id the caller was given; null when it is not one.
    public static long? ParseId(string id) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    // SQLite compares TEXT with its BINARY collation, byte by byte in UTF-8, which orders characters above U+FFFF
    // differently from .NET's ordinal (UTF-16) comparison. Results promised in ordinal order are therefore
    // sorted here, after the read, rather than by ORDER BY.
    public static IReadOnlyList<T> InOrdinalOrder<T>(IEnumerable<T> rows, Func<T, string> key) =>
        [.. rows.OrderBy(key, StringComparer.Ordinal)];

    public static SortedDictionary<string, T> InOrdinalOrder<T>(IEnumerable<(string Key, T Value)> rows)
    {
        var sorted = new SortedDictionary<string, T>(StringComparer.Ordinal);
        foreach (var (key, value) in rows)
        {
            sorted[key] = value;
        }
        return sorted;
    }
}
