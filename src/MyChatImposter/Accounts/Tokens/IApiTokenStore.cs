namespace MyChatImposter.Accounts.Tokens;

public interface IApiTokenStore
{
    // False when the user already has a token of that name that is not revoked (a unique index decides).
    Task<bool> CreateAsync(ApiToken token, CancellationToken cancellationToken);

    // The token whose text hashes to this: how a call's bearer token is found.
    Task<ApiToken?> GetByHashAsync(string hash, CancellationToken cancellationToken);

    Task<ApiToken?> GetAsync(string id, CancellationToken cancellationToken);

    // Newest first; one user's tokens, or everyone's when userId is null. Revoked ones included.
    Task<IReadOnlyList<ApiToken>> ListAsync(string? userId, CancellationToken cancellationToken);

    // Records the last use of the token with this hash; a missing token is not created.
    Task TouchAsync(string hash, DateTimeOffset lastUsedAt, CancellationToken cancellationToken);

    // False when no token that is not revoked has this id (a second revocation changes nothing).
    Task<bool> RevokeAsync(string id, DateTimeOffset revokedAt, string revokedBy, CancellationToken cancellationToken);

    // Erasure with the account; returns how many were deleted.
    Task<int> DeleteForUserAsync(string userId, CancellationToken cancellationToken);
}
