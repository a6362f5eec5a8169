namespace MyChatImposter.Accounts;

// A server-side login session. Only the SHA-256 hash of the cookie's session id is stored, so a copy of
// the database does not hand out live sessions; IdHash is that hash in lower-case hex.
public sealed record LoginSession(
    string IdHash,
    string UserId,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset ExpiresAt,
    string? ClientIp,
    string? UserAgent);
