using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace MyChatImposter.Storage.Sqlite;

// The SQLite file: where it is, how connections to it are opened, and its schema.
public sealed partial class SqliteDatabase : IStorageDatabase, IDisposable
{
    // How long a writer waits for another writer's lock before SQLITE_BUSY.
    private const int BusyTimeoutMilliseconds = 10_000;

    private readonly TimeProvider _time;
    private readonly ILogger<SqliteDatabase> _logger;
    private readonly IReadOnlyList<SqliteMigration> _migrations;

    // Pages the WAL may hold before a commit copies them back into the file (SQLite's default is 1,000).
    // Archive batches touch index pages all over the file (messages of many conversations interleave); a
    // larger WAL lets a page changed by several commits be copied back once, which measured about a third
    // less system time per archived message.
    private const int WalAutoCheckpointPages = 8_192;

    private readonly string _connectionPragmas;
    private readonly string _readConnectionPragmas;
    private readonly SqliteWriter _writer;

    public SqliteDatabase(IOptions<StorageOptions> options, TimeProvider time, ILogger<SqliteDatabase> logger)
        : this(options.Value.Sqlite.Path, time, logger, SqliteMigrations.All, options.Value.Sqlite.Synchronous)
    {
    }

    internal SqliteDatabase(
        string path, TimeProvider time, ILogger<SqliteDatabase> logger, IReadOnlyList<SqliteMigration> migrations,
        SqliteSynchronous synchronous = SqliteSynchronous.Full)
    {
        _connectionPragmas =
            $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; " +
            $"PRAGMA synchronous = {(synchronous == SqliteSynchronous.Normal ? "NORMAL" : "FULL")}; " +
            $"PRAGMA wal_autocheckpoint = {WalAutoCheckpointPages};";
        // query_only: a statement that writes outside the writer fails at once instead of taking the lock
        // behind the writer's back.
        _readConnectionPragmas = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA query_only = 1;";
        FilePath = Path.GetFullPath(path);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            ForeignKeys = true,
            Pooling = true,
        }.ToString();
        // A connection string of its own gives readers a pool of their own, whose connections keep query_only.
        // ReadWrite rather than ReadOnly: a reader may be the one to create the WAL's shared-memory file.
        ReadConnectionString = new SqliteConnectionStringBuilder(ConnectionString) { Mode = SqliteOpenMode.ReadWrite }.ToString();
        _time = time;
        _logger = logger;
        _migrations = migrations;
        _writer = new SqliteWriter(OpenWriterConnectionAsync, logger);
    }

    public string ProviderName => "sqlite";

    public string FilePath { get; }

    public string ConnectionString { get; }

    public string ReadConnectionString { get; }

    // A read-write connection of its own: for migrations, the schema and tests. Stores write through WriteAsync.
    public Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        OpenAsync(ConnectionString, _connectionPragmas, cancellationToken);

    // A pooled connection that refuses to write (query_only): what every store reads on.
    public Task<SqliteConnection> OpenReadConnectionAsync(CancellationToken cancellationToken) =>
        OpenAsync(ReadConnectionString, _readConnectionPragmas, cancellationToken);

    // For readers whose interface is synchronous (the Data Protection key repository).
    public SqliteConnection OpenReadConnection()
    {
        var connection = new SqliteConnection(ReadConnectionString);
        try
        {
            connection.Open();
            if (NeedsPragmas(connection))
            {
                using var command = connection.CreateCommand();
                command.CommandText = _readConnectionPragmas;
                command.ExecuteNonQuery();
                MarkConfigured(connection);
            }
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    // Runs the write in the writer's transaction, committed with whatever else is waiting (SqliteWriter);
    // completes once that transaction is committed.
    public Task<T> WriteAsync<T>(Func<SqliteTransaction, Task<T>> write, CancellationToken cancellationToken) =>
        _writer.WriteAsync(write, cancellationToken);

    // Writes and commits since the host started: their ratio is the mean group commit.
    public (long Writes, long Commits) WriterCounts => _writer.Counts;

    private async Task<SqliteConnection> OpenAsync(string connectionString, string pragmas, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (NeedsPragmas(connection))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = pragmas;
                await command.ExecuteNonQueryAsync(cancellationToken);
                MarkConfigured(connection);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // Unpooled: the writer keeps it open for the host's life, with a cache size no pooled reader should inherit.
    private Task<SqliteConnection> OpenWriterConnectionAsync(CancellationToken cancellationToken) =>
        OpenAsync(new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString(), _connectionPragmas, cancellationToken);

    // The pragmas are per SQLite connection, unlike journal_mode, which the file remembers. A pooled
    // connection keeps them, so they run once per native connection rather than on every open: parsing
    // them on every request was measurable.
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = new();

    private bool NeedsPragmas(SqliteConnection connection) => !_configured.TryGetValue(connection.Handle!, out _);

    private void MarkConfigured(SqliteConnection connection) => _configured.AddOrUpdate(connection.Handle!, this);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await OpenAndMigrateAsync(cancellationToken);
        }
        catch (Exception error) when (error is SqliteException or IOException or UnauthorizedAccessException)
        {
            // What an operator meets on a first start or after moving the data: a folder that cannot be made, a
            // file the host's user may not write (the image runs as the non-root user app), or one that is not a
            // database. Said in one line, with the file, rather than as an unhandled exception.
            throw new StorageStartException(
                $"The SQLite database {FilePath} cannot be used: {error.Message} Check that its folder can be made and " +
                "that the user the host runs as may write the folder and the file (Storage:Sqlite:Path says where it is).", error);
        }
    }

    private async Task OpenAndMigrateAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(FilePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = await OpenConnectionAsync(cancellationToken);

        // WAL lets readers go on while one writer writes. It cannot be switched inside a transaction.
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode = WAL;";
            var mode = (string?)await command.ExecuteScalarAsync(cancellationToken);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                LogJournalModeNotWal(_logger, FilePath, mode ?? "unknown");
            }
        }

        var applied = await SqliteMigrationRunner.ApplyAsync(connection, _migrations, _time, cancellationToken);
        foreach (var migration in applied)
        {
            LogMigrationApplied(_logger, migration.Version, migration.Description, FilePath);
        }
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM schema_version;";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    // Commits what is queued, then closes the writer's and the pooled connections, so the file is released
    // when the host stops.
    public void Dispose()
    {
        _writer.Dispose();
        using var connection = new SqliteConnection(ConnectionString);
        SqliteConnection.ClearPool(connection);
        using var reader = new SqliteConnection(ReadConnectionString);
        SqliteConnection.ClearPool(reader);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "Applied SQLite migration {Version} ({Description}) to {Path}")]
    private static partial void LogMigrationApplied(ILogger logger, int version, string description, string path);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning,
        Message = "SQLite database {Path} stays in journal mode {Mode}: WAL is not available there, so readers wait for writers")]
    private static partial void LogJournalModeNotWal(ILogger logger, string path, string mode);
}
