using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.Storage;
using MyChatImposter.Storage.Sqlite;

namespace MyChatImposter.Tests.Storage.Sqlite;

// Every store writes through one writer that commits what is waiting together (group commit): a write's
// caller hears back only once it is committed, a failing write is rolled back alone, and nothing writes
// behind the writer's back.
public sealed class SqliteWriterTests : IAsyncDisposable
{
    private readonly SqliteTestDatabase _file = new();
    private ServiceProvider? _services;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
        await _file.DisposeAsync();
    }

    [Fact]
    public async Task Writes_queued_while_a_transaction_is_open_join_it_and_each_caller_gets_its_own_result()
    {
        var (database, statements) = await ScratchAsync();
        var firstRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The first write holds the writer's transaction open (only a test may: a real write never waits on
        // anything but SQLite, on the writer's thread), so the next ten queue up and join it.
        // Started on a pool thread: the caller that finds no one writing writes itself, and this one blocks.
        var first = Task.Run(() => database.WriteAsync(async transaction =>
        {
            firstRunning.SetResult();
            await releaseFirst.Task;
            return await Insert(transaction, "first");
        }, Ct), Ct);
        await firstRunning.Task;
        var (writesBefore, commitsBefore) = database.WriterCounts;
        var queued = Enumerable.Range(0, 10).Select(i => statements.WriteScalarAsync<long>(
            "INSERT INTO scratch (value) VALUES ($value) RETURNING id;", Ct, ("$value", $"queued-{i}"))).ToList();
        releaseFirst.SetResult();

        await first;
        var ids = await Task.WhenAll(queued);

        Assert.Equal(10, ids.Distinct().Count());
        var (writes, commits) = database.WriterCounts;
        Assert.Equal(11, writes - writesBefore);
        Assert.Equal(1, commits - commitsBefore);
        Assert.Equal(11L, await statements.ScalarAsync<long>("SELECT COUNT(*) FROM scratch;", Ct));
    }

    [Fact]
    public async Task A_failing_write_is_rolled_back_alone_and_its_caller_gets_the_error()
    {
        var (database, statements) = await ScratchAsync();
        await statements.ExecuteAsync("INSERT INTO scratch (value) VALUES ('taken');", Ct);
        var (blocker, hold) = await HoldWriterAsync(database);
        // Queued together, so all three run in one transaction: the middle one inserts a row, then fails.
        var before = statements.ExecuteAsync("INSERT INTO scratch (value) VALUES ('before');", Ct);
        var failing = statements.InTransactionAsync(async inTransaction =>
        {
            await inTransaction.ExecuteAsync("INSERT INTO scratch (value) VALUES ('half-written');", Ct);
            return await inTransaction.ExecuteAsync("INSERT INTO scratch (value) VALUES ('taken');", Ct);
        }, Ct);
        var after = statements.ExecuteAsync("INSERT INTO scratch (value) VALUES ('after');", Ct);
        hold.SetResult();
        await blocker;

        var error = await Assert.ThrowsAsync<SqliteException>(() => failing);
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT: the UNIQUE value
        Assert.Equal(1, await before);
        Assert.Equal(1, await after);
        var values = await statements.QueryAsync("SELECT value FROM scratch ORDER BY id;", reader => reader.GetString(0), Ct);
        Assert.Equal(["taken", "before", "after"], values);
    }

    [Fact]
    public async Task A_write_failing_alone_in_its_transaction_leaves_nothing_and_the_next_commits()
    {
        var (_, statements) = await ScratchAsync();

        // The first write of a transaction runs without a savepoint: its failure rolls the transaction back.
        var error = await Assert.ThrowsAsync<SqliteException>(() => statements.InTransactionAsync(async inTransaction =>
        {
            await inTransaction.ExecuteAsync("INSERT INTO scratch (value) VALUES ('half-written');", Ct);
            return await inTransaction.ExecuteAsync("INSERT INTO scratch (value) VALUES ('half-written');", Ct);
        }, Ct));
        var next = await statements.ExecuteAsync("INSERT INTO scratch (value) VALUES ('next');", Ct);

        Assert.Equal(19, error.SqliteErrorCode);
        Assert.Equal(1, next);
        Assert.Equal(["next"], await statements.QueryAsync("SELECT value FROM scratch;", reader => reader.GetString(0), Ct));
    }

    [Fact]
    public async Task A_write_cancelled_while_it_waits_is_not_written()
    {
        var (database, statements) = await ScratchAsync();
        var (blocker, hold) = await HoldWriterAsync(database);
        using var cancel = new CancellationTokenSource();
        var cancelled = statements.ExecuteAsync("INSERT INTO scratch (value) VALUES ('cancelled');", cancel.Token);
        await cancel.CancelAsync();
        hold.SetResult();
        await blocker;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(0L, await statements.ScalarAsync<long>("SELECT COUNT(*) FROM scratch;", Ct));
    }

    [Fact]
    public async Task A_statement_that_writes_is_refused_on_a_read_connection()
    {
        var (_, statements) = await ScratchAsync();

        // Reads run on query_only connections: a write sent as a read must not take the lock behind the writer.
        var error = await Assert.ThrowsAsync<SqliteException>(() =>
            statements.ScalarAsync<long>("INSERT INTO scratch (value) VALUES ('sneaked') RETURNING id;", Ct));

        Assert.Contains("readonly", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0L, await statements.ScalarAsync<long>("SELECT COUNT(*) FROM scratch;", Ct));
    }

    [Fact]
    public async Task Stopping_commits_what_is_queued_and_refuses_later_writes()
    {
        var (database, statements) = await ScratchAsync();
        var (blocker, hold) = await HoldWriterAsync(database);
        var queued = statements.ExecuteAsync("INSERT INTO scratch (value) VALUES ('queued');", Ct);

        var stopping = Task.Run(database.Dispose, Ct);
        hold.SetResult();
        await stopping;

        Assert.Equal(1, await queued);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => statements.ExecuteAsync("INSERT INTO scratch (value) VALUES ('late');", Ct));
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM scratch;";
        Assert.Equal(1L, await count.ExecuteScalarAsync(Ct));
    }

    // A write holding the writer's transaction open until `hold` is set, so that writes queue behind it and join
    // it (only a test may: a real write never waits on anything but SQLite). Started on a pool thread: a caller
    // finding no one writing writes itself, and this one blocks.
    private static async Task<(Task Written, TaskCompletionSource Hold)> HoldWriterAsync(SqliteDatabase database)
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var written = Task.Run(() => database.WriteAsync(async transaction =>
        {
            holding.SetResult();
            await hold.Task;
            return 0;
        }, Ct), Ct);
        await holding.Task;
        return (written, hold);
    }

    private async Task<(SqliteDatabase Database, SqliteStatements Statements)> ScratchAsync()
    {
        _services = StorageTestHost.Build(_file.StorageSettings());
        await _services.InitializeStorageAsync(Ct);
        var database = _services.GetRequiredService<SqliteDatabase>();
        await using (var connection = await database.OpenConnectionAsync(Ct))
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE scratch (id INTEGER PRIMARY KEY, value TEXT NOT NULL UNIQUE);";
            await create.ExecuteNonQueryAsync(Ct);
        }
        return (database, new SqliteStatements(database));
    }

    private static async Task<long> Insert(SqliteTransaction transaction, string value)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO scratch (value) VALUES ($value);";
        command.Parameters.AddWithValue("$value", value);
        return await command.ExecuteNonQueryAsync(Ct);
    }
}
