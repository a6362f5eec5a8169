using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace MyChatImposter.Accounts.Tokens;

// Tokens sign calls in beside the login cookie. The default scheme is a selector: a REST API call (an
// endpoint with ApiEndpoint metadata, /events included) that carries "Authorization: Bearer …" is
// authenticated by its token alone, everything else by the cookie. Pages therefore never see a token (a page
// request with one is the cookie's, or anonymous), and every policy works for token callers unchanged.
public static class ApiTokenAuthentication
{
    public const string Scheme = "api-token";
    public const string SelectorScheme = "cookie-or-token";

    public static IServiceCollection AddApiTokens(this IServiceCollection services)
    {
        services.AddSingleton<ApiTokenService>();
        services.DecorateSingleton<IApiTokenStore>((provider, store) =>
            new CachedApiTokenStore(store, provider.GetRequiredService<TimeProvider>()));
        services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "Login cookie or API token", options => options.ForwardDefaultSelector = context =>
                ApiEndpoint.Handles(context) && ApiTokenText.IsBearer(context.Request)
                    ? Scheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(Scheme, "API token", configureOptions: null);
        return services;
    }
}

// The token stands for its owner's account as it is now: the account is read on every call (through the
// cached account store), so a disabled or deleted account, or a demoted administrator, gets no more than the
// account has. An unknown, expired or revoked token gets one answer (AuthorizationResultHandler's 401), so a
// caller learns nothing about which tokens exist.
public sealed partial class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder,
    IApiTokenStore tokens, IAccountStore accounts, TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    // Last use is kept to the minute, as a session's last-seen time: at most one write per token a minute,
    // not one per call.
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    private const string Refusal = "The API token is invalid, expired or revoked.";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // A bearer without the marker is not one of ours (the metrics scraper's token on /metrics, say): no
        // lookup, and no failure logged at every scrape. The API still answers it 401 invalid_token.
        if (ApiTokenText.FromRequest(Request) is not { } text || !text.StartsWith(ApiTokenText.Marker, StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }
        var cancellationToken = Context.RequestAborted;
        var token = await tokens.GetByHashAsync(ApiTokenText.Hash(text), cancellationToken);
        if (token is null)
        {
            return AuthenticateResult.Fail(Refusal);
        }
        var now = time.GetUtcNow();
        if (!token.IsUsableAt(now))
        {
            LogRefused(Logger, token.Id, token.UserId, token.StateAt(now));
            return AuthenticateResult.Fail(Refusal);
        }
        var account = await accounts.GetAsync(token.UserId, cancellationToken);
        if (account is null || account.Disabled)
        {
            LogRefused(Logger, token.Id, token.UserId, account is null ? "account deleted" : "account disabled");
            return AuthenticateResult.Fail(Refusal);
        }
        if (token.LastUsedAt is not { } lastUsed || now - lastUsed >= TouchInterval)
        {
            await tokens.TouchAsync(token.Hash, now, cancellationToken);
        }
        return AuthenticateResult.Success(new AuthenticationTicket(ImposterClaims.ForToken(account, token.Id), Scheme.Name));
    }

    [LoggerMessage(EventId = 1132, Level = LogLevel.Information, Message = "API token {TokenId} of {UserId} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string tokenId, string userId, string reason);
}
