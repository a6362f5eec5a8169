using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using MyChatImposter.Accounts;
using MyChatImposter.Audit;
using MyChatImposter.Tests.Accounts;

namespace MyChatImposter.Tests.Audit;

public sealed class AuditTests : IAsyncDisposable
{
    private const string Bob = "bob";
    private const string BobPassword = "Bob-Passw0rd!!";
    private readonly ImposterApp _app = new(new Dictionary<string, string>
    {
        ["Auth:LoginAttemptsPerMinute"] = "12",
        ["Auth:TrustedProxies:0"] = "10.9.9.9",
    });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<IReadOnlyList<AuditEvent>> EventsAsync(string eventType) =>
        await _app.Service<IAuditLogStore>().QueryAsync(new AuditQuery(EventType: eventType), Ct);

    [Fact]
    public async Task Every_security_event_leaves_an_audit_row_with_actor_target_address_and_agent()
    {
        var admin = await _app.AdminClientAsync();
        await admin.PostAsJsonAsync("/api/external/accounts", new { user_id = Bob, password = BobPassword, role = "user" }, Ct);
        var bob = await _app.SignedInClientAsync(Bob, BobPassword, "10.0.0.2");
        bob.DefaultRequestHeaders.UserAgent.ParseAdd("AuditTest/1.0");
        await bob.GetAsync("/api/external/users", Ct);                                        // permission_denied
        await admin.PutAsJsonAsync($"/api/external/users/{Bob}", ConfigurationDocuments.Valid(Bob), Ct);   // configuration_saved
        await admin.DeleteAsync($"/api/external/users/{Bob}", Ct);                              // configuration_deleted
        await bob.PostAsJsonAsync("/api/external/auth/password", new { current_password = BobPassword, new_password = "Bob-Passw0rd!!2" }, Ct);
        await bob.DeleteAsync("/api/external/auth/sessions", Ct);                               // sessions_ended
        await bob.PostAsync("/api/external/auth/logout", null, Ct);                             // logout
        var attacker = _app.CreateClient("203.0.113.66");
        for (var attempt = 1; attempt <= 11; attempt++)
        {
            await attacker.LoginAsync(Bob, "Wrong-Passw0rd!");                                  // login_failed ×10, account_locked, login_rejected_locked
        }
        await attacker.LoginAsync(Bob, "Wrong-Passw0rd!");                                      // 12th: still locked
        await attacker.LoginAsync(Bob, "Wrong-Passw0rd!");                                      // 13th in a minute: login_rate_limited
        await admin.PostAsync($"/api/external/accounts/{Bob}/unlock", null, Ct);               // account_unlocked
        await admin.PutAsJsonAsync($"/api/external/accounts/{Bob}/role", new { role = "admin" }, Ct);
        await admin.PutAsJsonAsync($"/api/external/accounts/{Bob}/disabled", new { disabled = true }, Ct);
        await admin.PutAsJsonAsync($"/api/external/accounts/{Bob}/disabled", new { disabled = false }, Ct);
        await admin.PutAsJsonAsync($"/api/external/accounts/{Bob}/password", new { password = "Bob-Passw0rd!!3" }, Ct);
        await admin.DeleteAsync($"/api/external/accounts/{Bob}", Ct);

        string[] expected =
        [
            AuditEvents.AccountCreated, AuditEvents.LoginSuccess, AuditEvents.PermissionDenied, AuditEvents.ConfigurationSaved,
            AuditEvents.ConfigurationDeleted, AuditEvents.PasswordChanged, AuditEvents.SessionsEnded, AuditEvents.Logout,
            AuditEvents.LoginFailed, AuditEvents.AccountLocked, AuditEvents.LoginRejectedLocked, AuditEvents.LoginRateLimited,
            AuditEvents.AccountUnlocked, AuditEvents.AccountRoleChanged, AuditEvents.AccountDisabled, AuditEvents.AccountEnabled,
            AuditEvents.PasswordSet, AuditEvents.AccountDeleted,
        ];
        foreach (var eventType in expected)
        {
            Assert.True((await EventsAsync(eventType)).Count > 0, $"no {eventType} row");
        }

        var denied = Assert.Single(await EventsAsync(AuditEvents.PermissionDenied));
        Assert.Equal(Bob, denied.ActorUserId);
        Assert.Equal("10.0.0.2", denied.ClientIp);
        Assert.Equal("AuditTest/1.0", denied.UserAgent);
        Assert.Equal("/api/external/users/", denied.Details["route"]);
        var locked = Assert.Single(await EventsAsync(AuditEvents.AccountLocked));
        Assert.Equal(Bob, locked.TargetUserId);
        Assert.Equal("203.0.113.66", locked.ClientIp);
        Assert.Equal(10, (await EventsAsync(AuditEvents.LoginFailed)).Count(row => row.ClientIp == "203.0.113.66"));
        var deleted = Assert.Single(await EventsAsync(AuditEvents.AccountDeleted));
        Assert.Equal(ImposterApp.AdminId, deleted.ActorUserId);
        Assert.Equal(Bob, deleted.TargetUserId);
    }

    [Fact]
    public async Task No_audit_row_holds_a_session_id_or_a_password()
    {
        var admin = await _app.AdminClientAsync();
        var login = await _app.CreateClient("10.0.0.5").LoginAsync(ImposterApp.AdminId, ImposterApp.AdminPassword);
        var cookieValue = login.SessionCookie().Split('=', 2)[1];
        await admin.PostAsync("/api/external/auth/logout", null, Ct);

        var rows = await _app.Service<IAuditLogStore>().QueryAsync(new AuditQuery(Limit: 500), Ct);

        Assert.NotEmpty(rows);
        var text = string.Join("\n", rows.SelectMany(row => row.Details.Values.Append(row.EventType)));
        Assert.DoesNotContain(cookieValue, text);
        Assert.DoesNotContain(ImposterApp.AdminPassword, text);
        foreach (var session in await _app.Service<ILoginSessionStore>().ListForUserAsync(ImposterApp.AdminId, Ct))
        {
            Assert.DoesNotContain(session.IdHash, text);
        }
    }

    [Fact]
    public async Task The_audit_api_filters_and_pages_newest_first()
    {
        var admin = await _app.AdminClientAsync();
        var attacker = _app.CreateClient("203.0.113.66");
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await attacker.LoginAsync($"ghost{attempt}", "Wrong-Passw0rd!");
        }

        var firstPage = await admin.GetFromJsonAsync<JsonObject>("/api/external/audit?event_type=login_failed&limit=3", Ct);
        var events = firstPage!["events"]!.AsArray();
        Assert.Equal(["ghost5", "ghost4", "ghost3"], events.Select(row => (string)row!["target_user_id"]!));
        var next = (string)firstPage["next_before"]!;
        var secondPage = await admin.GetFromJsonAsync<JsonObject>($"/api/external/audit?event_type=login_failed&limit=3&before={next}", Ct);
        Assert.Equal(["ghost2", "ghost1"], secondPage!["events"]!.AsArray().Select(row => (string)row!["target_user_id"]!));
        Assert.Null(secondPage["next_before"]);
        var byUser = await admin.GetFromJsonAsync<JsonObject>("/api/external/audit?user_id=ghost2", Ct);
        Assert.Single(byUser!["events"]!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/external/audit?limit=0", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/external/audit?limit=abc", Ct)).StatusCode);
    }

    [Fact]
    public async Task Housekeeping_removes_audit_rows_older_than_the_retention()
    {
        await _app.AdminClientAsync();
        Assert.NotEmpty(await EventsAsync(AuditEvents.LoginSuccess));

        _app.Time.Advance(TimeSpan.FromDays(31));
        await _app.Service<IEnumerable<IHostedService>>().OfType<AccountsHousekeeping>().Single().PurgeAsync(Ct);

        Assert.Empty(await EventsAsync(AuditEvents.LoginSuccess));
    }

    [Fact]
    public async Task Forwarded_for_is_believed_only_from_a_trusted_proxy()
    {
        var viaProxy = _app.CreateClient("10.9.9.9");
        viaProxy.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.77");
        var spoofing = _app.CreateClient("10.0.0.66");
        spoofing.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.88");

        await viaProxy.LoginAsync("ghost", "Wrong-Passw0rd!");
        await spoofing.LoginAsync("ghost", "Wrong-Passw0rd!");

        var addresses = (await EventsAsync(AuditEvents.LoginFailed)).Select(row => row.ClientIp).ToList();
        Assert.Contains("198.51.100.77", addresses);
        Assert.Contains("10.0.0.66", addresses);
        Assert.DoesNotContain("198.51.100.88", addresses);
    }

    [Fact]
    public async Task Responses_carry_the_security_headers()
    {
        var response = await _app.CreateClient("10.0.0.1").GetAsync("/login", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("microphone=()", response.Headers.GetValues("Permissions-Policy").Single());
    }
}
