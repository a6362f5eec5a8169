using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace MyChatImposter.Accounts;

// Starts a login session for an account whose credentials were just verified (API and login page alike).
// Each sign-in creates a new server-side session with a new random id (no session fixation).
public static class SessionSignIn
{
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
