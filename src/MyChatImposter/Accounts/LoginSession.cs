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

public interface ILoginSessionStore
{
    Task CreateAsync(LoginSession session, CancellationToken cancellationToken);

    Task<LoginSession?> GetAsync(string idHash, CancellationToken cancellationToken);

    // A user's sessions, newest first.
    Task<IReadOnlyList<LoginSession>> ListForUserAsync(string userId, CancellationToken cancellationToken);

    Task TouchAsync(string idHash, DateTimeOffset lastSeenAt, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string idHash, CancellationToken cancellationToken);

    // Ends every session of the user except the one given (null: all); returns how many ended.
    Task<int> DeleteForUserAsync(string userId, string? exceptIdHash, CancellationToken cancellationToken);

    // Removes sessions whose absolute expiry is at or before `now`, or idle since `idleCutoff`.
    Task<int> DeleteExpiredAsync(DateTimeOffset now, DateTimeOffset idleCutoff, CancellationToken cancellationToken);
}
