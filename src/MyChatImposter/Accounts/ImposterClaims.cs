using System.Security.Claims;

namespace MyChatImposter.Accounts;

public static class ImposterClaims
{
    // The fingerprint of the session that authenticated the request (never the session id).
    public const string SessionFingerprint = "imposter:session";

    public static string? UserId(this ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true ? principal.FindFirstValue(ClaimTypes.Name) : null;

    public static bool IsAdmin(this ClaimsPrincipal principal) => principal.IsInRole(RoleName(AccountRole.Admin));

    public static string RoleName(AccountRole role) => role == AccountRole.Admin ? "admin" : "user";

    public static ClaimsPrincipal For(Account account, string sessionFingerprint) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, account.UserId),
            new Claim(ClaimTypes.Role, RoleName(account.Role)),
            new Claim(SessionFingerprint, sessionFingerprint),
        ],
        authenticationType: "session", nameType: ClaimTypes.Name, roleType: ClaimTypes.Role));
}
