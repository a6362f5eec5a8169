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

    // Call after the store's write has completed, so a read that starts later sees the change.
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

// IAccountStore with GetAsync remembered; every write forgets the account it changed.
public sealed class CachedAccountStore(IAccountStore inner, TimeProvider time) : IAccountStore
{
    private readonly LookupCache<Account> _cache = new(time);

    public Task<Account?> GetAsync(string userId, CancellationToken cancellationToken) =>
        _cache.GetOrReadAsync(userId, token => inner.GetAsync(userId, token), cancellationToken);

    public Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public async Task<bool> CreateAsync(Account account, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.CreateAsync(account, cancellationToken);
        }
        finally
        {
            _cache.Forget(account.UserId);
        }
    }

    public async Task<bool> UpdateAsync(Account account, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.UpdateAsync(account, cancellationToken);
        }
        finally
        {
            _cache.Forget(account.UserId);
        }
    }

    public async Task<bool> DeleteAsync(string userId, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.DeleteAsync(userId, cancellationToken);
        }
        finally
        {
            _cache.Forget(userId);
        }
    }

    public Task<int> CountEnabledAdminsAsync(CancellationToken cancellationToken) => inner.CountEnabledAdminsAsync(cancellationToken);
}

// ILoginSessionStore with GetAsync remembered; ending, expiring or touching a session forgets it. Writes
// forget in `finally`: a write that failed half-way (a timeout after the database committed) must not leave
// the old value in use.
public sealed class CachedLoginSessionStore(ILoginSessionStore inner, TimeProvider time) : ILoginSessionStore
{
    private readonly LookupCache<LoginSession> _cache = new(time);

    public Task CreateAsync(LoginSession session, CancellationToken cancellationToken) => inner.CreateAsync(session, cancellationToken);

    public Task<LoginSession?> GetAsync(string idHash, CancellationToken cancellationToken) =>
        _cache.GetOrReadAsync(idHash, token => inner.GetAsync(idHash, token), cancellationToken);

    public Task<IReadOnlyList<LoginSession>> ListForUserAsync(string userId, CancellationToken cancellationToken) =>
        inner.ListForUserAsync(userId, cancellationToken);

    public async Task TouchAsync(string idHash, DateTimeOffset lastSeenAt, CancellationToken cancellationToken)
    {
        try
        {
            await inner.TouchAsync(idHash, lastSeenAt, cancellationToken);
        }
        finally
        {
            _cache.Forget(idHash);
        }
    }

    public async Task<bool> DeleteAsync(string idHash, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.DeleteAsync(idHash, cancellationToken);
        }
        finally
        {
            _cache.Forget(idHash);
        }
    }

    // The cache is keyed by session, not user; these are rare (a password change, the hourly sweep), so they
    // forget everything.
    public async Task<int> DeleteForUserAsync(string userId, string? exceptIdHash, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.DeleteForUserAsync(userId, exceptIdHash, cancellationToken);
        }
        finally
        {
            _cache.ForgetAll();
        }
    }

    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, DateTimeOffset idleCutoff, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.DeleteExpiredAsync(now, idleCutoff, cancellationToken);
        }
        finally
        {
            _cache.ForgetAll();
        }
    }
}
