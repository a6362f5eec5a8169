namespace MyChatImposter.Accounts;

// Failed logins counted per (account, client address) key, so an attacker's failures lock out only the
// attacker's own address and never the owner signing in from elsewhere (spec/14 A4).
public sealed record LoginThrottleRecord(
    string Key,
    string UserId,
    string? ClientIp,
    int Failures,
    DateTimeOffset FirstFailureAt,
    DateTimeOffset? LockedUntil,
    // When the record may be deleted: the end of the lock or of the counting window, whichever is later.
    DateTimeOffset ExpiresAt);

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
