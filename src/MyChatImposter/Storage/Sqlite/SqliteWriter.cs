using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace MyChatImposter.Storage.Sqlite;

// Every write to the SQLite file, from every store, goes through this one connection, one transaction at a time,
// and whatever is waiting when a transaction starts is committed with it (group commit).
//
// Why: SQLite lets one connection write at a time. When each store wrote on a pooled connection of its own,
// writers under load (archive batches, delivery enqueue, claim and completion, conversation memory, reply
// history, webhooks) met the file's write lock held and waited in SQLite's busy handler, which sleeps
// 1, 2, 5, 10 … 100 ms between tries rather than being woken when the lock is free: replies waited while the
// CPU idled. Here a write waits in a queue and runs the moment the previous one finishes, and a burst of
// writes shares one commit, so one fsync instead of one each. Durability is unchanged: a caller's task
// completes only once the transaction holding its write is committed (synchronous=FULL by default).
//
// A write that throws is rolled back alone and its caller gets the exception, as it would have from a transaction
// of its own; the others still commit (each write after a transaction's first runs in a savepoint).
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

    private readonly ConcurrentQueue<PendingWrite> _queue = new();

    // 1 while a thread writes (the leader); only the leader touches the connection.
    private int _leading;
    private SqliteConnection? _connection;
    private readonly List<PendingWrite> _batch = new(MaxWritesPerCommit);
    private volatile bool _closing;
    private volatile bool _closed;

    // Committed writes and transactions, for the benchmark's mean writes per commit.
    private long _writes;
    private long _commits;

    public (long Writes, long Commits) Counts => (Interlocked.Read(ref _writes), Interlocked.Read(ref _commits));

    public Task<T> WriteAsync<T>(Func<SqliteTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_closing)
        {
            throw Closed();
        }
        var pending = new PendingWrite<T>(write, cancellationToken);
        _queue.Enqueue(pending);
        Lead(pending);
        if (_closed)
        {
            FailWaiting(Closed());
        }
        return pending.Task;
    }

    // The caller writes itself when no one else is writing, on its own thread as a store did before: a quiet
    // host hands nothing to another thread, and a busy one commits what waits together. The leader writes until
    // its own write is committed and hands whatever came meanwhile to a pool thread, so no caller is kept
    // writing for others for long. A caller finding someone else writing just waits for its task.
    private void Lead(PendingWrite? mine)
    {
        while (!_queue.IsEmpty && Interlocked.CompareExchange(ref _leading, 1, 0) == 0)
        {
            try
            {
                while (!_queue.IsEmpty && (mine is null || !mine.IsDone))
                {
                    CommitNext();
                }
            }
            finally
            {
                Volatile.Write(ref _leading, 0);
            }
            // A write queued after the last look but before the release found the lead taken: look again.
            if (mine is { IsDone: true } && !_queue.IsEmpty)
            {
                ThreadPool.UnsafeQueueUserWorkItem(writer => writer.Lead(null), this, preferLocal: false);
                return;
            }
        }
    }

    private void CommitNext()
    {
        try
        {
            _connection ??= Open();
        }
        catch (Exception error)
        {
            // Nothing can be written now (the file is gone, the disk unreadable): every waiting caller hears
            // why, and the next write tries a fresh connection.
            FailWaiting(error);
            return;
        }
        if (!CommitBatch(_connection, _batch))
        {
            _connection.Dispose();
            _connection = null;
        }
    }

    // False when the connection must not be used again (a commit or rollback failed).
    private bool CommitBatch(SqliteConnection connection, List<PendingWrite> batch)
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
        using (transaction)
        {
            while (batch.Count < MaxWritesPerCommit && _queue.TryDequeue(out var pending))
            {
                if (pending.IsCancelled)
                {
                    pending.Cancel();
                    continue;
                }
                // The first write needs no savepoint: alone in the transaction, it fails by rolling all of it
                // back. A savepoint copies every page its write changes, which measurably slowed archive batches.
                var alone = batch.Count == 0;
                if (!alone)
                {
                    transaction.Save(Savepoint);
                }
                try
                {
                    pending.Run(transaction);
                    if (!alone)
                    {
                        transaction.Release(Savepoint);
                    }
                    batch.Add(pending);
                }
                catch (Exception error)
                {
                    pending.Fail(error);
                    if (alone)
                    {
                        // Nothing else is in it; the next write starts a fresh transaction.
                        return TryRollBack(transaction);
                    }
                    if (!TryRollBackTo(transaction))
                    {
                        FailAll(batch, error);
                        return false;
                    }
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

    private static bool TryRollBack(SqliteTransaction transaction)
    {
        try
        {
            transaction.Rollback();
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
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
        while (_queue.TryDequeue(out var waiting))
        {
            waiting.Fail(error);
        }
    }

    private static ObjectDisposedException Closed() => new(nameof(SqliteWriter), "The database is closed: the host is stopping.");

    private SqliteConnection Open()
    {
        var connection = openConnection(CancellationToken.None).GetAwaiter().GetResult();
        try
        {
            using var pragma = connection.CreateCommand();
            // temp_store: a savepoint keeps the pages its write changes in a sub-journal, a temporary file by
            // default (written and unlinked per transaction); in memory it is a copy.
            pragma.CommandText = $"PRAGMA cache_size = -{CacheKibibytes}; PRAGMA temp_store = MEMORY;";
            pragma.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    // Writes already queued are committed; later ones are refused.
    public void Dispose()
    {
        if (_closing)
        {
            return;
        }
        _closing = true;
        SpinWait.SpinUntil(() => Interlocked.CompareExchange(ref _leading, 1, 0) == 0);
        // The lead stays taken: nobody writes after this.
        while (!_queue.IsEmpty)
        {
            CommitNext();
        }
        _connection?.Dispose();
        _connection = null;
        _closed = true;
        FailWaiting(Closed());
    }

    private abstract class PendingWrite
    {
        public abstract bool IsCancelled { get; }

        public abstract bool IsDone { get; }

        // On the leader's thread. A write completes synchronously (SQLite's calls are); one that awaits
        // anything else holds every other write until it is done.
        public abstract void Run(SqliteTransaction transaction);

        public abstract void Complete();

        public abstract void Fail(Exception error);

        public abstract void Cancel();
    }

    private sealed class PendingWrite<T>(Func<SqliteTransaction, Task<T>> write, CancellationToken cancellationToken) : PendingWrite
    {
        // Continuations off the writing thread: a caller's code must not run inside the next batch.
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _completion.Task;

        public override bool IsCancelled => cancellationToken.IsCancellationRequested;

        public override bool IsDone => _completion.Task.IsCompleted;

        public override void Run(SqliteTransaction transaction) => _result = write(transaction).GetAwaiter().GetResult();

        public override void Complete() => _completion.TrySetResult(_result!);

        public override void Fail(Exception error) => _completion.TrySetException(error);

        public override void Cancel() => _completion.TrySetCanceled(cancellationToken);
    }

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error,
        Message = "SQLite could not commit {Count} write(s); each caller was told, nothing of them was kept")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception, int count);
}
