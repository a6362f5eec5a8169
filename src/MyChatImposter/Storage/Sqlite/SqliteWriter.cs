using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace MyChatImposter.Storage.Sqlite;

// Every write to the SQLite file, from every store, goes through this one connection and this one loop, and
// whatever is waiting when a transaction starts is committed with it (group commit).
//
// Why: SQLite lets one connection write at a time. When each store wrote on a pooled connection of its own,
// writers under load (archive batches, delivery enqueue, claim and completion, conversation memory, reply
// history, webhooks) met the file's write lock held and waited in SQLite's busy handler, which sleeps
// 1, 2, 5, 10 … 100 ms between tries rather than being woken when the lock is free: replies waited while the
// CPU idled. Here a write waits in a queue and runs the moment the previous one finishes, and a burst of
// writes shares one commit, so one fsync instead of one each. Durability is unchanged: a caller's task
// completes only once the transaction holding its write is committed (synchronous=FULL by default).
//
// Each write runs inside a savepoint of the shared transaction: one that throws is rolled back alone and its
// caller gets the exception, as it would have from a transaction of its own; the others still commit.
// A write must only run statements on the connection it is given: anything slower (the network, a lock of
// its own) would hold up every other write.
internal sealed partial class SqliteWriter(
    Func<CancellationToken, Task<SqliteConnection>> openConnection, ILogger logger) : IDisposable
{
    // Writes per transaction at most: a long queue is committed in parts, so the first caller does not wait
    // for the whole queue to be written before it hears back.
    public const int MaxWritesPerCommit = 256;

    // The writer's page cache, larger than the default 2 MiB: an archive batch touches the index pages of
    // every conversation it holds, and only this connection writes, so its cache is never invalidated by
    // another writer's change.
    public const int CacheKibibytes = 32 * 1024;

    private const string Savepoint = "write";

    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _startGate = new();
    private Task? _loop;

    // Committed writes and transactions, for the benchmark's mean writes per commit.
    private long _writes;
    private long _commits;

    public (long Writes, long Commits) Counts => (Interlocked.Read(ref _writes), Interlocked.Read(ref _commits));

    public Task<T> WriteAsync<T>(Func<SqliteTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingWrite<T>(write, cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(SqliteWriter), "The database is closed: the host is stopping.");
        }
        EnsureStarted();
        return pending.Task;
    }

    private void EnsureStarted()
    {
        if (_loop is not null)
        {
            return;
        }
        lock (_startGate)
        {
            _loop ??= Task.Run(RunAsync);
        }
    }

    private async Task RunAsync()
    {
        SqliteConnection? connection = null;
        var batch = new List<PendingWrite>(MaxWritesPerCommit);
        try
        {
            while (await _queue.Reader.WaitToReadAsync())
            {
                try
                {
                    connection ??= await OpenAsync();
                }
                catch (Exception error)
                {
                    // Nothing can be written now (the file is gone, the disk unreadable): every waiting caller
                    // hears why, and the next write tries a fresh connection.
                    while (_queue.Reader.TryRead(out var waiting))
                    {
                        waiting.Fail(error);
                    }
                    continue;
                }
                if (!await CommitBatchAsync(connection, batch))
                {
                    await connection.DisposeAsync();
                    connection = null;
                }
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    // False when the connection must not be used again (a commit or rollback failed).
    private async Task<bool> CommitBatchAsync(SqliteConnection connection, List<PendingWrite> batch)
    {
        batch.Clear();
        SqliteTransaction transaction;
        try
        {
            transaction = connection.BeginTransaction(deferred: false);
        }
        catch (Exception error)
        {
            FailWaiting(error);
            return false;
        }
        await using (transaction)
        {
            while (batch.Count < MaxWritesPerCommit && _queue.Reader.TryRead(out var pending))
            {
                if (pending.IsCancelled)
                {
                    pending.Cancel();
                    continue;
                }
                transaction.Save(Savepoint);
                try
                {
                    await pending.RunAsync(transaction);
                    transaction.Release(Savepoint);
                    batch.Add(pending);
                }
                catch (Exception error)
                {
                    if (!TryRollBackTo(transaction))
                    {
                        pending.Fail(error);
                        FailAll(batch, error);
                        return false;
                    }
                    pending.Fail(error);
                }
            }
            try
            {
                transaction.Commit();
            }
            catch (Exception error)
            {
                LogCommitFailed(logger, error, batch.Count);
                FailAll(batch, error);
                return false;
            }
        }
        Interlocked.Add(ref _writes, batch.Count);
        Interlocked.Increment(ref _commits);
        foreach (var committed in batch)
        {
            committed.Complete();
        }
        return true;
    }

    private static bool TryRollBackTo(SqliteTransaction transaction)
    {
        try
        {
            transaction.Rollback(Savepoint);
            transaction.Release(Savepoint);
            return true;
        }
        catch (SqliteException)
        {
            // SQLite ended the whole transaction itself (an I/O error, a full disk): nothing of it stands.
            return false;
        }
    }

    private static void FailAll(List<PendingWrite> batch, Exception error)
    {
        foreach (var pending in batch)
        {
            pending.Fail(error);
        }
        batch.Clear();
    }

    private void FailWaiting(Exception error)
    {
        while (_queue.Reader.TryRead(out var waiting))
        {
            waiting.Fail(error);
        }
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = await openConnection(CancellationToken.None);
        try
        {
            await using var pragma = connection.CreateCommand();
            // temp_store: each write's savepoint keeps the pages it changes in a sub-journal, a temporary file
            // by default (a write and an unlink per transaction); in memory it is a copy.
            pragma.CommandText = $"PRAGMA cache_size = -{CacheKibibytes}; PRAGMA temp_store = MEMORY;";
            await pragma.ExecuteNonQueryAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // Writes already queued are committed; later ones are refused.
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        Task? loop;
        lock (_startGate)
        {
            loop = _loop;
        }
        loop?.GetAwaiter().GetResult();
    }

    private abstract class PendingWrite
    {
        public abstract bool IsCancelled { get; }

        public abstract Task RunAsync(SqliteTransaction transaction);

        public abstract void Complete();

        public abstract void Fail(Exception error);

        public abstract void Cancel();
    }

    private sealed class PendingWrite<T>(Func<SqliteTransaction, Task<T>> write, CancellationToken cancellationToken) : PendingWrite
    {
        // Continuations off the writer's loop: a caller's code must not run inside the next batch.
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _completion.Task;

        public override bool IsCancelled => cancellationToken.IsCancellationRequested;

        public override async Task RunAsync(SqliteTransaction transaction) => _result = await write(transaction);

        public override void Complete() => _completion.TrySetResult(_result!);

        public override void Fail(Exception error) => _completion.TrySetException(error);

        public override void Cancel() => _completion.TrySetCanceled(cancellationToken);
    }

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error,
        Message = "SQLite could not commit {Count} write(s); each caller was told, nothing of them was kept")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception, int count);
}
