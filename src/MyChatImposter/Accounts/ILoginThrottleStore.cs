namespace MyChatImposter.Accounts;

public interface ILoginThrottleStore
{
    Task<LoginThrottleRecord?> GetAsync(string key, CancellationToken cancellationToken);

    Task SaveAsync(LoginThrottleRecord record, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken);

    // Ends every lock of an account (admin unlock); returns how many records were removed.
    Task<int> DeleteForUserAsync(string userId, CancellationToken cancellationToken);

    // Records currently locked, for the accounts page.
    Task<IReadOnlyList<LoginThrottleRecord>> ListLockedAsync(DateTimeOffset now, CancellationToken cancellationToken);

    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
