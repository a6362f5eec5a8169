namespace MyChatImposter.Accounts;

// Failed-login lockout, keyed by account AND client address.
//
// The original locked the account itself, so anyone could keep any account (even the only admin) locked
// forever by guessing ten times every five minutes (spec/14 A4). Here the lock holds only for the address
// that failed: the owner signing in from another address is never locked out by an attacker. An attacker
// gets MaxFailures guesses per address per FailureWindow, and the per-address rate limit caps the rest.
// Records expire after their window or lock ends, so guesses at made-up ids leave nothing behind.
public sealed class LoginThrottle(ILoginThrottleStore store, TimeProvider time, IOptions<AuthOptions> options)
{
    private AuthOptions Options => options.Value;

    public static string KeyFor(string userId, string? clientIp) => $"{userId}|{clientIp ?? "unknown"}";

    // When the (account, address) pair is locked, the moment the lock ends.
    public async Task<DateTimeOffset?> LockedUntilAsync(string userId, string? clientIp, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(KeyFor(userId, clientIp), cancellationToken);
        return record?.LockedUntil is { } until && until > time.GetUtcNow() ? until : null;
    }

    // Counts one failure; returns the lock end when this failure reached the limit.
    public async Task<DateTimeOffset?> RecordFailureAsync(string userId, string? clientIp, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var key = KeyFor(userId, clientIp);
        var previous = await store.GetAsync(key, cancellationToken);
        var windowOpen = previous is not null && now - previous.FirstFailureAt < Options.FailureWindow
            && previous.LockedUntil is null;
        var failures = windowOpen ? previous!.Failures + 1 : 1;
        var firstFailureAt = windowOpen ? previous!.FirstFailureAt : now;

        DateTimeOffset? lockedUntil = failures >= Options.MaxFailures ? now + Options.LockDuration : null;
        var windowEnd = firstFailureAt + Options.FailureWindow;
        var expiresAt = lockedUntil is { } until && until > windowEnd ? until : windowEnd;
        await store.SaveAsync(
            new LoginThrottleRecord(key, userId, clientIp, failures, firstFailureAt, lockedUntil, expiresAt),
            cancellationToken);
        return lockedUntil;
    }

    public Task ForgetAsync(string userId, string? clientIp, CancellationToken cancellationToken) =>
        store.DeleteAsync(KeyFor(userId, clientIp), cancellationToken);

    public Task<int> UnlockAsync(string userId, CancellationToken cancellationToken) =>
        store.DeleteForUserAsync(userId, cancellationToken);
}
