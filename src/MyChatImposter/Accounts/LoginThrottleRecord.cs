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
