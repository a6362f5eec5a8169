using System.Net;
using MyChatImposter.Accounts;
using MyChatImposter.Audit;
using MyChatImposter.Tests.Accounts;

namespace MyChatImposter.Tests.Hosting;

// Issue 11, hole 1: with no proxy configured, X-Forwarded-For and X-Forwarded-Proto from a client change
// nothing; from a configured proxy address or network they are believed.
public sealed class ForwardedHeadersTests : IAsyncDisposable
{
    private const string Victim = "victim";
    private const string VictimPassword = "Victim-Passw0rd!";
    private const string VictimAddress = "198.51.100.10";
    private readonly List<ImposterApp> _apps = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ImposterApp App(Dictionary<string, string>? settings = null)
    {
        var app = new ImposterApp(settings);
        _apps.Add(app);
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
    }

    private static HttpRequestMessage LoginRequest(string userId, string password, string? forwardedFor, string? forwardedProto = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/external/auth/login")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { user_id = userId, password }),
        };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }
        return request;
    }

    [Fact]
    public async Task A_rotated_forwarded_for_from_an_untrusted_client_does_not_dodge_the_login_rate_limit()
    {
        var app = App(new() { ["Auth:LoginAttemptsPerMinute"] = "5" });
        var attacker = app.CreateClient("203.0.113.66");

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var response = await attacker.SendAsync(LoginRequest("ghost", "Wrong-Passw0rd!", $"192.0.2.{attempt + 1}"), Ct);
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(5), status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.All(statuses.Skip(5), status => Assert.Equal(HttpStatusCode.TooManyRequests, status));
    }

    [Fact]
    public async Task Failures_sent_under_the_victims_address_lock_only_the_sender_and_are_audited_under_the_sender()
    {
        var app = App(new() { ["Auth:LoginAttemptsPerMinute"] = "100" });
        await app.CreateAccountAsync(Victim, VictimPassword);
        var attacker = app.CreateClient("203.0.113.66");

        for (var attempt = 0; attempt < 10; attempt++)
        {
            await attacker.SendAsync(LoginRequest(Victim, "Wrong-Passw0rd!", VictimAddress), Ct);
        }

        var victim = app.CreateClient(VictimAddress);
        Assert.Equal(HttpStatusCode.OK, (await victim.LoginAsync(Victim, VictimPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.Locked,
            (await attacker.SendAsync(LoginRequest(Victim, VictimPassword, VictimAddress), Ct)).StatusCode);
        var failures = await app.Service<IAuditLogStore>().QueryAsync(new AuditQuery(EventType: AuditEvents.LoginFailed), Ct);
        Assert.Equal(10, failures.Count);
        Assert.All(failures, row => Assert.Equal("203.0.113.66", row.ClientIp));
    }

    [Fact]
    public async Task A_forwarded_proto_from_an_untrusted_client_does_not_switch_the_cookie_to_its_https_form()
    {
        var app = App();
        await app.CreateAccountAsync(Victim, VictimPassword);

        var response = await app.CreateClient("203.0.113.66")
            .SendAsync(LoginRequest(Victim, VictimPassword, forwardedFor: null, forwardedProto: "https"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(header => header.Contains("imposter_session="));
        Assert.StartsWith("imposter_session=", setCookie);
        Assert.DoesNotContain("secure", setCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Auth:TrustedProxies:0", "10.9.9.9")]
    [InlineData("Auth:TrustedNetworks:0", "10.9.0.0/16")]
    public async Task A_configured_proxy_address_or_network_is_believed_for_address_and_scheme(string key, string value)
    {
        var app = App(new() { [key] = value });
        await app.CreateAccountAsync(Victim, VictimPassword);
        var proxy = app.CreateClient("10.9.9.9");

        var response = await proxy.SendAsync(LoginRequest(Victim, VictimPassword, "198.51.100.77", "https"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(header => header.Contains("imposter_session="));
        Assert.StartsWith("__Host-imposter_session=", setCookie);
        Assert.Contains("secure", setCookie, StringComparison.OrdinalIgnoreCase);
        var success = Assert.Single(await app.Service<IAuditLogStore>().QueryAsync(new AuditQuery(EventType: AuditEvents.LoginSuccess), Ct));
        Assert.Equal("198.51.100.77", success.ClientIp);
    }

    [Fact]
    public async Task A_sender_outside_the_configured_network_is_not_believed()
    {
        var app = App(new() { ["Auth:TrustedNetworks:0"] = "10.9.0.0/16" });
        await app.CreateAccountAsync(Victim, VictimPassword);

        await app.CreateClient("10.10.0.1").SendAsync(LoginRequest(Victim, VictimPassword, "198.51.100.77"), Ct);

        var success = Assert.Single(await app.Service<IAuditLogStore>().QueryAsync(new AuditQuery(EventType: AuditEvents.LoginSuccess), Ct));
        Assert.Equal("10.10.0.1", success.ClientIp);
    }
}
