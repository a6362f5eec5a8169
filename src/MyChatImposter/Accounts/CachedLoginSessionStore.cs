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

    public Task TouchAsync(string idHash, DateTimeOffset lastSeenAt, CancellationToken cancellationToken) =>
        _cache.ForgetAfterAsync(idHash, () => inner.TouchAsync(idHash, lastSeenAt, cancellationToken));

    public Task<bool> DeleteAsync(string idHash, CancellationToken cancellationToken) =>
        _cache.ForgetAfterAsync(idHash, () => inner.DeleteAsync(idHash, cancellationToken));

    // The cache is keyed by session, not user; these are rare (a password change, the hourly sweep), so they
    // forget everything.
    public Task<int> DeleteForUserAsync(string userId, string? exceptIdHash, CancellationToken cancellationToken) =>
        _cache.ForgetAllAfterAsync(() => inner.DeleteForUserAsync(userId, exceptIdHash, cancellationToken));

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, DateTimeOffset idleCutoff, CancellationToken cancellationToken) =>
        _cache.ForgetAllAfterAsync(() => inner.DeleteExpiredAsync(now, idleCutoff, cancellationToken));
}
