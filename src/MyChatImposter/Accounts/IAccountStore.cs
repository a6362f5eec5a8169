namespace MyChatImposter.Accounts;

public interface IAccountStore
{
    Task<Account?> GetAsync(string userId, CancellationToken cancellationToken);

    // Every account, in ordinal order of user id.
    Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken);

    // False when an account with this user id already exists (a unique key decides, not a prior read).
    Task<bool> CreateAsync(Account account, CancellationToken cancellationToken);

    // Replaces role, hash, disabled flag and updated time; false when the account does not exist.
    Task<bool> UpdateAsync(Account account, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string userId, CancellationToken cancellationToken);

    // Enabled administrators: the site refuses to remove or demote the last one.
    Task<int> CountEnabledAdminsAsync(CancellationToken cancellationToken);
}
