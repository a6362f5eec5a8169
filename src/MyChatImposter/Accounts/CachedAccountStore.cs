namespace MyChatImposter.Accounts;

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
