using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace MyChatImposter.Accounts;

// Starts and ends login sessions for the API and the pages alike. Each sign-in creates a new server-side
// session with a new random id and ends the one the request carried (no session fixation).
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

    // Always a new session: one the request carried (another account's, or an older one of this account) is
    // ended first, so a session id planted in a victim's browser before they sign in is worth nothing after.
    public static async Task SignInAsync(HttpContext context, Account account)
    {
        var services = context.RequestServices;
        if (context.User.UserId() is { } carriedUserId
            && context.User.FindFirst(ImposterClaims.SessionFingerprint)?.Value is { Length: > 0 } carriedFingerprint)
        {
            await services.GetRequiredService<AccountService>()
                .EndSessionAsync(carriedUserId, carriedFingerprint, context.RequestAborted);
        }

        var lifetime = services.GetRequiredService<IOptions<AuthOptions>>().Value.SessionLifetime;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var handler = await UnreadCookieHandlerAsync(context);
        await handler.SignInAsync(
            ImposterClaims.For(account, sessionFingerprint: ""),
            new AuthenticationProperties { IsPersistent = true, IssuedUtc = now, ExpiresUtc = now + lifetime });
    }

    // The request's own cookie handler read the carried session id while authenticating the request, and on
    // sign-in the framework renews that id in the session store instead of creating a new one (it keeps the
    // key it read). A handler that has not read the cookie yet finds the carried session gone (ended above)
    // and stores a new one under a new id.
    private static async Task<IAuthenticationSignInHandler> UnreadCookieHandlerAsync(HttpContext context)
    {
        var scheme = await context.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>()
            .GetSchemeAsync(CookieAuthenticationDefaults.AuthenticationScheme)
            ?? throw new InvalidOperationException("The cookie authentication scheme is not registered.");
        var handler = (IAuthenticationSignInHandler)ActivatorUtilities.CreateInstance(context.RequestServices, scheme.HandlerType);
        await handler.InitializeAsync(scheme, context);
        return handler;
    }
}
