namespace MyChatImposter.Accounts;

// IAccountStore with GetAsync remembered; every write forgets the account it changed.
public sealed class CachedAccountStore(IAccountStore inner, TimeProvider time) : IAccountStore
{
    private readonly LookupCache<Account> _cache = new(time);

    public Task<Account?> GetAsync(string userId, CancellationToken cancellationToken) =>
        _cache.GetOrReadAsync(userId, token => inner.GetAsync(userId, token), cancellationToken);

    public Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public Task<bool> CreateAsync(Account account, CancellationToken cancellationToken) =>
        _cache.ForgetAfterAsync(account.UserId, () => inner.CreateAsync(account, cancellationToken));

    public Task<bool> UpdateAsync(Account account, CancellationToken cancellationToken) =>
        _cache.ForgetAfterAsync(account.UserId, () => inner.UpdateAsync(account, cancellationToken));

    public Task<bool> DeleteAsync(string userId, CancellationToken cancellationToken) =>
        _cache.ForgetAfterAsync(userId, () => inner.DeleteAsync(userId, cancellationToken));

    public Task<int> CountEnabledAdminsAsync(CancellationToken cancellationToken) => inner.CountEnabledAdminsAsync(cancellationToken);
}
