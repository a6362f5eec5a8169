namespace MyChatImposter.Accounts.Tokens;

// IApiTokenStore with GetByHashAsync remembered (every token call makes that lookup, as every cookie call
// reads its session); every write forgets, so a revocation applies on the very next call (see LookupCache).
public sealed class CachedApiTokenStore(IApiTokenStore inner, TimeProvider time) : IApiTokenStore
{
    private readonly LookupCache<ApiToken> _cache = new(time);

    public Task<bool> CreateAsync(ApiToken token, CancellationToken cancellationToken) => inner.CreateAsync(token, cancellationToken);

    public Task<ApiToken?> GetByHashAsync(string hash, CancellationToken cancellationToken) =>
        _cache.GetOrReadAsync(hash, token => inner.GetByHashAsync(hash, token), cancellationToken);

    public Task<ApiToken?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public Task<IReadOnlyList<ApiToken>> ListAsync(string? userId, CancellationToken cancellationToken) =>
        inner.ListAsync(userId, cancellationToken);

    public Task TouchAsync(string hash, DateTimeOffset lastUsedAt, CancellationToken cancellationToken) =>
        _cache.ForgetAfterAsync(hash, () => inner.TouchAsync(hash, lastUsedAt, cancellationToken));

    // The cache is keyed by hash, these name a token by id or user; they are rare, so they forget everything.
    public Task<bool> RevokeAsync(string id, DateTimeOffset revokedAt, string revokedBy, CancellationToken cancellationToken) =>
        _cache.ForgetAllAfterAsync(() => inner.RevokeAsync(id, revokedAt, revokedBy, cancellationToken));

    public Task<int> DeleteForUserAsync(string userId, CancellationToken cancellationToken) =>
        _cache.ForgetAllAfterAsync(() => inner.DeleteForUserAsync(userId, cancellationToken));
}
