using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace MyChatImposter.Accounts;

// Login attempts per client address per minute (Auth:LoginAttemptsPerMinute), on the login API and the login
// and setup pages.
public static class LoginRateLimit
{
    public const string Policy = "login";

    public static IServiceCollection AddLoginRateLimit(this IServiceCollection services)
    {
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RejectLoginAsync;
            options.AddPolicy(Policy, context =>
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
