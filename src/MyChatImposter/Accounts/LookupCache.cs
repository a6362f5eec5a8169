namespace MyChatImposter.Accounts;

// Remembers what a store read for a short while, for the lookups every authenticated request makes (its
// login session and its account). Every write through this process's store forgets first-hand, so logout,
// a disabled account or a role change still apply on the very next request; MaxAge only bounds how long a
// change made by another process (the create-admin command, say) can go unseen.
//
// A read that raced a write must not put the old value back: the generation counts forgets, and a value
// read before a forget is not kept.
public sealed class LookupCache<TValue>(TimeProvider time) where TValue : class
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    // Past this many entries, storing one first drops those too old to be used.
    private const int SweepThreshold = 4_096;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (TValue Value, DateTimeOffset ReadAt)> _entries = new(StringComparer.Ordinal);
    private long _generation;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public async Task<TValue?> GetOrReadAsync(string key, Func<CancellationToken, Task<TValue?>> read, CancellationToken cancellationToken)
    {
        long generation;
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry) && time.GetUtcNow() - entry.ReadAt < MaxAge)
            {
                return entry.Value;
            }
            generation = _generation;
        }

        var readAt = time.GetUtcNow();
        var value = await read(cancellationToken);
        // Absent records are not remembered: an account created elsewhere must be found at once.
        if (value is not null)
        {
            lock (_gate)
            {
                if (generation == _generation)
                {
                    if (_entries.Count >= SweepThreshold)
                    {
                        SweepLocked(readAt);
                    }
                    _entries[key] = (value, readAt);
                }
            }
        }
        return value;
    }

    // A write through the store that changes what key reads: the key is forgotten after the write has completed,
    // so a read that starts later sees the change; also when the write threw, since it may have reached the
    // database before failing (a timeout after the commit).
    public Task<TResult> ForgetAfterAsync<TResult>(string key, Func<Task<TResult>> write) => AfterWriteAsync(write, () => Forget(key));

    public Task ForgetAfterAsync(string key, Func<Task> write) => ForgetAfterAsync(key, async () =>
    {
        await write();
        return true;
    });

    // The same for a write that names its records otherwise than by key (by user, by expiry): forgets everything.
    public Task<TResult> ForgetAllAfterAsync<TResult>(Func<Task<TResult>> write) => AfterWriteAsync(write, ForgetAll);

    private static async Task<TResult> AfterWriteAsync<TResult>(Func<Task<TResult>> write, Action forget)
    {
        try
        {
            return await write();
        }
        finally
        {
            forget();
        }
    }

    // Call after the store's write has completed (ForgetAfterAsync does, and says why).
    public void Forget(string key)
    {
        lock (_gate)
        {
            _generation++;
            _entries.Remove(key);
        }
    }

    public void ForgetAll()
    {
        lock (_gate)
        {
            _generation++;
            _entries.Clear();
        }
    }

    private void SweepLocked(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (now - entry.ReadAt >= MaxAge)
            {
                _entries.Remove(key);
            }
        }
    }
}
