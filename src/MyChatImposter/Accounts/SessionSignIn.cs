using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace MyChatImposter.Accounts;

// Starts and ends login sessions for the API and the pages alike. Each sign-in creates a new server-side
// session with a new random id (no session fixation).
public static class SessionSignIn
{
    // Ends the request's session on the server (if any) and deletes the cookie; audited when there was one.
    public static async Task SignOutAsync(HttpContext context)
    {
        if (context.User.UserId() is { } userId)
        {
            await context.RequestServices.GetRequiredService<AuditTrail>().RecordAsync(AuditEvents.Logout, userId, userId,
                new Dictionary<string, string> { ["session"] = context.User.FindFirst(ImposterClaims.SessionFingerprint)?.Value ?? "" },
                context.RequestAborted);
        }
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    public static Task SignInAsync(HttpContext context, Account account)
    {
        var services = context.RequestServices;
        var lifetime = services.GetRequiredService<IOptions<AuthOptions>>().Value.SessionLifetime;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        return context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            ImposterClaims.For(account, sessionFingerprint: ""),
            new AuthenticationProperties { IsPersistent = true, IssuedUtc = now, ExpiresUtc = now + lifetime });
    }
}
