namespace MyChatImposter.Accounts.Tokens;

// A personal API token. Only the SHA-256 hash of its text is stored (Hash, lower-case hex); Prefix, the first
// characters of the text, is shown in lists so a person recognises the token without it being usable.
// A revoked token is kept, so a later call with it is refused as revoked and the lists say who revoked it.
public sealed record ApiToken(
    string Id,
    string UserId,
    string Name,
    string Hash,
    string Prefix,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    string? RevokedBy)
{
    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt is { } expiresAt && now >= expiresAt;

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && !IsExpiredAt(now);

    public string StateAt(DateTimeOffset now) => RevokedAt is not null ? "revoked" : IsExpiredAt(now) ? "expired" : "active";
}
