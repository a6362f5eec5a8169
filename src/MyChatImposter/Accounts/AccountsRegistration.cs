using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using MyChatImposter.Hosting;

namespace MyChatImposter.Accounts;

public static class AccountsRegistration
{
    public const string LoginRateLimit = "login";

    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>()
            .Bind(configuration.GetSection(AuthOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(options => TrustedForwardedHeaders.AreValidProxies(options.TrustedProxies),
                "Auth:TrustedProxies must hold IP addresses, such as 127.0.0.1 or ::1.")
            .Validate(options => TrustedForwardedHeaders.AreValidNetworks(options.TrustedNetworks),
                "Auth:TrustedNetworks must hold CIDR networks, such as 10.0.0.0/8 or fd00::/8.")
            .ValidateOnStart();

        // Every authenticated request reads its session and account; these remember them (see LookupCache).
        services.DecorateSingleton<IAccountStore>((provider, store) =>
            new CachedAccountStore(store, provider.GetRequiredService<TimeProvider>()));
        services.DecorateSingleton<ILoginSessionStore>((provider, store) =>
            new CachedLoginSessionStore(store, provider.GetRequiredService<TimeProvider>()));

        services.AddHttpContextAccessor();
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<PasswordCheckGate>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<LoginService>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<FirstRunSetup>();
        services.AddHostedService(provider => provider.GetRequiredService<FirstRunSetup>());
        services.AddHostedService<AccountsHousekeeping>();
        services.AddAudit(configuration);

        // Keys live in the database, so cookies survive restarts and every replica reads the same ring.
        services.AddDataProtection().SetApplicationName("MyChatImposter");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IDataProtectionKeyStore>((options, store) => options.XmlRepository = new StoreXmlRepository(store));
        services.AddKeyRingEncryption(configuration);

        services.AddSingleton<ITicketStore, LoginSessionTicketStore>();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options =>
        {
            options.Cookie.Name = "imposter_session";
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

        services.AddApiPolicies();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuthorizationResultHandler>();

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RejectLoginAsync;
            options.AddPolicy(LoginRateLimit, context =>
            {
                // Only attempts count: showing the login form is free.
                if (!HttpMethods.IsPost(context.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("form");
                }
                var perMinute = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.LoginAttemptsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
        });

        services.AddTrustedForwardedHeaders();
        return services;
    }

    private static async ValueTask RejectLoginAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        // A client past the limit gets its answer only after a pause: holding a request costs no CPU, while
        // answering a tight loop of refusals at once cost a core (200 connections, 10,000 refusals a second),
        // which the password checks of people signing in then lacked.
        var delay = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.RefusedLoginDelay;
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, context.RequestServices.GetRequiredService<TimeProvider>(), cancellationToken);
        }
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
            : 60;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<AuditTrail>().RecordRefusalAsync(
            AuditEvents.LoginRateLimited, null, null,
            new Dictionary<string, string> { ["retry_after"] = retryAfter.ToString(CultureInfo.InvariantCulture) },
            cancellationToken);
        await ProblemResponse.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many login attempts",
            $"Too many login attempts from your address; try again in {retryAfter} seconds.",
            new Dictionary<string, object?> { ["retry_after"] = retryAfter });
    }
}
