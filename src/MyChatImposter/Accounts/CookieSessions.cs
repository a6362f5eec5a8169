using Microsoft.AspNetCore.Authentication.Cookies;

namespace MyChatImposter.Accounts;

// The login cookie: it carries only a session id, the session itself lives in the database
// (LoginSessionTicketStore), with the lifetime Auth:SessionLifetime gives.
public static class CookieSessions
{
    public const string CookieName = "imposter_session";

    public static IServiceCollection AddCookieSessions(this IServiceCollection services)
    {
        services.AddSingleton<ITicketStore, LoginSessionTicketStore>();
        // The default scheme chooses between this and an API token per request (ApiTokenAuthentication).
        services.AddAuthentication().AddCookie(options =>
        {
            options.Cookie.Name = CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.Path = "/";
            options.CookieManager = new HostPrefixedCookieManager();
            options.SlidingExpiration = false;
            options.LoginPath = "/login";
            options.LogoutPath = "/logout";
            options.AccessDeniedPath = "/access-denied";
        });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<ITicketStore, TimeProvider, IOptions<AuthOptions>>((options, store, time, auth) =>
            {
                options.SessionStore = store;
                options.TimeProvider = time;
                options.ExpireTimeSpan = auth.Value.SessionLifetime;
            })
            // After the cookie scheme's own post-configuration, which creates the format this wraps.
            .PostConfigure<TimeProvider>((options, time) =>
                options.TicketDataFormat = new RememberedTicketFormat(options.TicketDataFormat, time));
        return services;
    }
}
