using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;

namespace MyChatImposter.Telemetry;

// Who may read /metrics: administrators (signed in, or with an administrator's API token), or the scraper
// with its token. The policy names both schemes, so the scrape token is looked at on this endpoint alone.
public static class MetricsAccess
{
    public const string Policy = "metrics";

    public static IServiceCollection AddMetricsAccess(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ScrapeTokenAuthenticationHandler>(ScrapeTokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(ApiTokenAuthentication.SelectorScheme, ScrapeTokenAuthenticationHandler.SchemeName)
            .RequireAssertion(context =>
                context.User.IsAdmin() || context.User.HasClaim(ScrapeTokenAuthenticationHandler.ScraperClaim, "true")));
        return services;
    }
}

// The scraper's way in to /metrics: "Authorization: Bearer <Telemetry:MetricsScrapeToken>". Only the
// metrics policy asks this scheme, so the token opens nothing else; without a configured token it
// authenticates no one.
public sealed class ScrapeTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder,
    IOptions<TelemetryOptions> telemetry)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "metrics-scrape-token";
    public const string ScraperClaim = "metrics-scraper";

    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var expected = telemetry.Value.MetricsScrapeToken;
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(expected) || header is null || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        // Constant time: the comparison must not tell a guesser how many leading characters were right.
        if (!CryptographicOperations.FixedTimeEquals(
                Encoding.UTF8.GetBytes(header[BearerPrefix.Length..].Trim()), Encoding.UTF8.GetBytes(expected)))
        {
            return Task.FromResult(AuthenticateResult.Fail("The metrics scrape token is wrong."));
        }
        var identity = new ClaimsIdentity([new Claim(ScraperClaim, "true")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
