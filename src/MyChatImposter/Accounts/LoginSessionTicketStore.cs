using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace MyChatImposter.Accounts;

// Keeps login sessions on the server: the cookie carries only a (data-protected) random session id, and
// every request looks the session up. Logout, "end my other sessions", a disabled account or a role change
// therefore take effect on the very next request (spec/14 A6). The lookups go through CachedLoginSessionStore
// and CachedAccountStore, which forget on every write this host makes; see LookupCache.
public sealed partial class LoginSessionTicketStore(
    ILoginSessionStore sessions, IAccountStore accounts, TimeProvider time, IOptions<AuthOptions> options,
    ILogger<LoginSessionTicketStore> logger) : ITicketStore
{
    // Recording every request's time would be one write per request; a minute's precision is enough for
    // the idle timeout and the "last seen" column.
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, null!, CancellationToken.None);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var userId = ticket.Principal.UserId() ?? throw new InvalidOperationException("sign-in without a user id");
        var now = time.GetUtcNow();
        var sessionId = SessionIds.NewId();
        var idHash = SessionIds.Hash(sessionId);
        var userAgent = httpContext?.Request.Headers.UserAgent.ToString();
        await sessions.CreateAsync(new LoginSession(
            idHash, userId, now, now, now + options.Value.SessionLifetime,
            httpContext?.Connection.RemoteIpAddress?.ToString(),
            string.IsNullOrEmpty(userAgent) ? null : userAgent[..Math.Min(userAgent.Length, 256)]), cancellationToken);
        LogSessionStarted(logger, userId, SessionIds.Fingerprint(idHash));
        return sessionId;
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, null!, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var idHash = SessionIds.Hash(key);
        var session = await sessions.GetAsync(idHash, cancellationToken);
        if (session is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (now >= session.ExpiresAt || now - session.LastSeenAt >= options.Value.IdleTimeout)
        {
            await sessions.DeleteAsync(idHash, cancellationToken);
            LogSessionExpired(logger, session.UserId, SessionIds.Fingerprint(idHash));
            return null;
        }

        // The account is read on every request, so a disabled account or a changed role applies at once.
        var account = await accounts.GetAsync(session.UserId, cancellationToken);
        if (account is null || account.Disabled)
        {
            await sessions.DeleteAsync(idHash, cancellationToken);
            return null;
        }

        if (now - session.LastSeenAt >= TouchInterval)
        {
            await sessions.TouchAsync(idHash, now, cancellationToken);
        }

        var properties = new AuthenticationProperties
        {
            IssuedUtc = session.CreatedAt,
            ExpiresUtc = session.ExpiresAt,
            IsPersistent = true,
        };
        return new AuthenticationTicket(
            ImposterClaims.For(account, SessionIds.Fingerprint(idHash)), properties,
            CookieAuthenticationDefaults.AuthenticationScheme);
    }

    // Tickets are rebuilt from the stores on every request; nothing in them needs writing back.
    public Task RenewAsync(string key, AuthenticationTicket ticket) => Task.CompletedTask;

    public Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public Task RemoveAsync(string key) => RemoveAsync(key, null!, CancellationToken.None);

    public async Task RemoveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var idHash = SessionIds.Hash(key);
        if (await sessions.DeleteAsync(idHash, cancellationToken))
        {
            LogSessionEnded(logger, SessionIds.Fingerprint(idHash));
        }
    }

    [LoggerMessage(EventId = 1030, Level = LogLevel.Information, Message = "Session {Fingerprint} started for {UserId}")]
    private static partial void LogSessionStarted(ILogger logger, string userId, string fingerprint);

    [LoggerMessage(EventId = 1031, Level = LogLevel.Information, Message = "Session {Fingerprint} of {UserId} expired")]
    private static partial void LogSessionExpired(ILogger logger, string userId, string fingerprint);

    [LoggerMessage(EventId = 1032, Level = LogLevel.Information, Message = "Session {Fingerprint} ended")]
    private static partial void LogSessionEnded(ILogger logger, string fingerprint);
}
