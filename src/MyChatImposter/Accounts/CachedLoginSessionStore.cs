namespace MyChatImposter.Accounts;

// ILoginSessionStore with GetAsync remembered; ending, expiring or touching a session forgets it.
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
