namespace MyChatImposter.Accounts;

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
