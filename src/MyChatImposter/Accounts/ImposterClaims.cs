using System.Security.Claims;

namespace MyChatImposter.Accounts;

public static class ImposterClaims
{
    // The fingerprint of the session that authenticated the request (never the session id).
    public const string SessionFingerprint = "imposter:session";

    // The id of the API token that authenticated the request (never its text or hash).
    public const string TokenId = "imposter:token";

    public static string? UserId(this ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true ? principal.FindFirstValue(ClaimTypes.Name) : null;

    public static bool IsAdmin(this ClaimsPrincipal principal) => principal.IsInRole(RoleName(AccountRole.Admin));

    public static string RoleName(AccountRole role) => role == AccountRole.Admin ? "admin" : "user";

    public static string? TokenIdOf(ClaimsPrincipal principal) => principal.FindFirstValue(TokenId);

    public static ClaimsPrincipal For(Account account, string sessionFingerprint) =>
        Of(account, new Claim(SessionFingerprint, sessionFingerprint), "session");

    // A token caller gets the claims a cookie sign-in gives, with the token's id in place of the session's.
    public static ClaimsPrincipal ForToken(Account account, string tokenId) => Of(account, new Claim(TokenId, tokenId), "token");

    private static ClaimsPrincipal Of(Account account, Claim credential, string authenticationType) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, account.UserId),
            new Claim(ClaimTypes.Role, RoleName(account.Role)),
            credential,
        ],
        authenticationType, nameType: ClaimTypes.Name, roleType: ClaimTypes.Role));
}
