namespace MyChatImposter.Accounts.Tokens;

// A token made: the record and its text (shown this once), or the field that refused it and why. Field is
// the JSON field name; the page maps it to its own.
public sealed record TokenCreation(ApiToken? Token, string? Text, string? Field, string? Problem)
{
    public bool Succeeded => Token is not null;

    public static TokenCreation Refused(string field, string problem) => new(null, null, field, problem);
}

// Creating, listing and revoking tokens for the REST API and the pages alike, audited with who did it.
public sealed partial class ApiTokenService(
    IApiTokenStore tokens, AuditTrail audit, TimeProvider time, ILogger<ApiTokenService> logger)
{
    public const int MaxNameLength = 60;
    public const int MaxExpiryDays = 3650;
    public const string NameField = "name";
    public const string ExpiryField = "expires_in_days";

    public async Task<TokenCreation> CreateAsync(string userId, string? name, int? expiresInDays, CancellationToken cancellationToken)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return TokenCreation.Refused(NameField, "Name the token, for example after the script that will use it.");
        }
        if (trimmed.Length > MaxNameLength || trimmed.Any(char.IsControl))
        {
            return TokenCreation.Refused(NameField, $"The name must be 1 to {MaxNameLength} characters, without control characters.");
        }
        if (expiresInDays is < 1 or > MaxExpiryDays)
        {
            return TokenCreation.Refused(ExpiryField, $"The expiry must be 1 to {MaxExpiryDays} days, or none for a token that does not expire.");
        }

        var now = time.GetUtcNow();
        var text = ApiTokenText.New();
        var token = new ApiToken(
            ApiTokenText.NewId(), userId, trimmed, ApiTokenText.Hash(text), ApiTokenText.Prefix(text), now, CreatedBy: userId,
            LastUsedAt: null, ExpiresAt: expiresInDays is { } days ? now.AddDays(days) : null, RevokedAt: null, RevokedBy: null);
        if (!await tokens.CreateAsync(token, cancellationToken))
        {
            return TokenCreation.Refused(NameField, $"You already have a token named '{trimmed}'; choose another name or revoke that one.");
        }
        await audit.RecordAsync(AuditEvents.TokenCreated, userId, userId, new Dictionary<string, string>
        {
            ["token_id"] = token.Id,
            ["token_name"] = token.Name,
            ["expires_at"] = token.ExpiresAt?.ToString("O", CultureInfo.InvariantCulture) ?? "never",
        }, cancellationToken);
        LogCreated(logger, token.Id, userId);
        return new TokenCreation(token, text, null, null);
    }

    public Task<IReadOnlyList<ApiToken>> ListAsync(string? userId, CancellationToken cancellationToken) =>
        tokens.ListAsync(userId, cancellationToken);

    // Revokes the caller's own token, or anyone's when the caller acts as an administrator. Null when there
    // is no such token for the caller: someone else's token is "not found" to a regular user, never "forbidden".
    // Revoking a revoked token again succeeds without a second audit row.
    public async Task<ApiToken?> RevokeAsync(string tokenId, string actor, bool asAdministrator, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(tokenId, cancellationToken);
        if (token is null || (!asAdministrator && token.UserId != actor))
        {
            return null;
        }
        if (await tokens.RevokeAsync(tokenId, time.GetUtcNow(), actor, cancellationToken))
        {
            await audit.RecordAsync(AuditEvents.TokenRevoked, actor, token.UserId, new Dictionary<string, string>
            {
                ["token_id"] = token.Id,
                ["token_name"] = token.Name,
                ["by"] = actor == token.UserId ? "self" : "administrator",
            }, cancellationToken);
            LogRevoked(logger, token.Id, token.UserId, actor);
        }
        return await tokens.GetAsync(tokenId, cancellationToken);
    }

    [LoggerMessage(EventId = 1130, Level = LogLevel.Information, Message = "API token {TokenId} created for {UserId}")]
    private static partial void LogCreated(ILogger logger, string tokenId, string userId);

    [LoggerMessage(EventId = 1131, Level = LogLevel.Information, Message = "API token {TokenId} of {UserId} revoked by {Actor}")]
    private static partial void LogRevoked(ILogger logger, string tokenId, string userId, string actor);
}
