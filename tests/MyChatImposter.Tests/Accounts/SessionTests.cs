using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.Accounts;
using MyChatImposter.Tests.Storage;

namespace MyChatImposter.Tests.Accounts;

public sealed class SessionTests : IAsyncDisposable
{
    private const string Owner = "olivia";
    private const string OwnerPassword = "Olivia-Passw0rd!";
    private readonly ImposterApp _app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<string> LoginCookieAsync()
    {
        var response = await _app.CreateClient("10.0.0.1").LoginAsync(Owner, OwnerPassword);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.SessionCookie();
    }

    [Fact]
    public async Task After_logout_the_old_cookie_is_refused_at_once()
    {
        await _app.CreateAccountAsync(Owner, OwnerPassword);
        var cookie = await LoginCookieAsync();
        var client = _app.ClientWithCookie(cookie);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/external/auth/me", Ct)).StatusCode);

        var logout = await client.PostAsync("/api/external/auth/logout", null, Ct);

        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        var again = await _app.ClientWithCookie(cookie).GetAsync("/api/external/auth/me", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        await again.ProblemAsync();
    }

    [Fact]
    public async Task Logout_without_a_session_still_answers_200()
    {
        var response = await _app.CreateClient("10.0.0.1").PostAsync("/api/external/auth/logout", null, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_session_past_its_absolute_lifetime_is_refused_even_when_active()
    {
        await _app.CreateAccountAsync(Owner, OwnerPassword);
        var client = _app.ClientWithCookie(await LoginCookieAsync());
        // Active every hour, so the idle timeout never applies.
        for (var hour = 1; hour <= 23; hour++)
        {
            _app.Time.Advance(TimeSpan.FromHours(1));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/external/auth/me", Ct)).StatusCode);
        }

        _app.Time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/external/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_session_idle_past_the_idle_timeout_is_refused()
    {
        await _app.CreateAccountAsync(Owner, OwnerPassword);
        var client = _app.ClientWithCookie(await LoginCookieAsync());

        _app.Time.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/external/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task Every_login_gets_a_new_session_and_the_store_holds_only_hashes()
    {
        await _app.CreateAccountAsync(Owner, OwnerPassword);
        var first = await LoginCookieAsync();
        var second = await LoginCookieAsync();

        Assert.NotEqual(first, second);
        var sessions = await _app.Service<ILoginSessionStore>().ListForUserAsync(Owner, Ct);
        Assert.Equal(2, sessions.Count);
        Assert.All(sessions, session => Assert.Matches("^[0-9a-f]{64}$", session.IdHash));
        Assert.DoesNotContain(sessions, session => first.Contains(session.IdHash) || second.Contains(session.IdHash));
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_sessions_on_the_next_request()
    {
        await _app.CreateAccountAsync(Owner, OwnerPassword);
        var client = _app.ClientWithCookie(await LoginCookieAsync());
        // Signed in and used, so the host has read (and remembers) the session and the account.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/external/auth/me", Ct)).StatusCode);
        var admin = await _app.AdminClientAsync();

        var disable = await admin.PutAsJsonAsync($"/api/external/accounts/{Owner}/disabled", new { disabled = true }, Ct);

        Assert.Equal(HttpStatusCode.NoContent, disable.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/external/auth/me", Ct)).StatusCode);
    }

    // The host remembers each session and account for up to a minute (LookupCache); its own writes forget at
    // once, but a write by another process straight into the database is seen
    // when the minute is up.
    [Fact]
    public async Task A_change_made_by_another_process_applies_within_a_minute()
    {
        await _app.CreateAccountAsync(Owner, OwnerPassword);
        var client = _app.ClientWithCookie(await LoginCookieAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/external/auth/me", Ct)).StatusCode);

        await using (var otherProcess = StorageTestHost.Build(new Dictionary<string, string?>
                     {
                         ["Storage:Provider"] = "Sqlite",
                         ["Storage:Sqlite:Path"] = _app.DatabasePath,
                     }))
        {
            var accounts = otherProcess.GetRequiredService<IAccountStore>();
            var account = await accounts.GetAsync(Owner, Ct);
            Assert.True(await accounts.UpdateAsync(account! with { Disabled = true }, Ct));
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/external/auth/me", Ct)).StatusCode);
        _app.Time.Advance(LookupCache<Account>.MaxAge);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/external/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_role_change_applies_on_the_next_request()
    {
        await _app.CreateAccountAsync(Owner, OwnerPassword);
        var client = _app.ClientWithCookie(await LoginCookieAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/external/accounts", Ct)).StatusCode);
        var admin = await _app.AdminClientAsync();

        await admin.PutAsJsonAsync($"/api/external/accounts/{Owner}/role", new { role = "admin" }, Ct);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/external/accounts", Ct)).StatusCode);
    }

    [Fact]
    public async Task Changing_the_own_password_needs_the_current_one_and_ends_the_other_sessions()
    {
        await _app.CreateAccountAsync(Owner, OwnerPassword);
        var other = _app.ClientWithCookie(await LoginCookieAsync());
        var current = await _app.SignedInClientAsync(Owner, OwnerPassword);

        var wrong = await current.PostAsJsonAsync("/api/external/auth/password",
            new { current_password = "Not-The-Passw0rd!", new_password = "New-Passw0rd!!" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        var weak = await current.PostAsJsonAsync("/api/external/auth/password",
            new { current_password = OwnerPassword, new_password = "weak" }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, weak.StatusCode);
        Assert.True((await weak.ProblemAsync()).GetProperty("errors").TryGetProperty("password", out _));

        var changed = await current.PostAsJsonAsync("/api/external/auth/password",
            new { current_password = OwnerPassword, new_password = "New-Passw0rd!!" }, Ct);

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await current.GetAsync("/api/external/auth/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync("/api/external/auth/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient("10.0.0.2").LoginAsync(Owner, OwnerPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.CreateClient("10.0.0.2").LoginAsync(Owner, "New-Passw0rd!!")).StatusCode);
    }

    [Fact]
    public async Task A_user_lists_their_sessions_and_ends_one_or_all_others()
    {
        await _app.CreateAccountAsync(Owner, OwnerPassword);
        var phone = _app.ClientWithCookie(await LoginCookieAsync());
        var laptop = _app.ClientWithCookie(await LoginCookieAsync());
        var current = await _app.SignedInClientAsync(Owner, OwnerPassword);

        var sessions = await current.GetFromJsonAsync<JsonArray>("/api/external/auth/sessions", Ct);
        Assert.Equal(3, sessions!.Count);
        Assert.Single(sessions, session => (bool)session!["current"]!);
        Assert.All(sessions, session => Assert.Equal(12, ((string)session!["id"]!).Length));

        var phoneId = (string)(await phone.GetFromJsonAsync<JsonArray>("/api/external/auth/sessions", Ct))!
            .Single(session => (bool)session!["current"]!)!["id"]!;
        Assert.Equal(HttpStatusCode.NoContent, (await current.DeleteAsync($"/api/external/auth/sessions/{phoneId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/external/auth/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await current.DeleteAsync($"/api/external/auth/sessions/{phoneId}", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await current.DeleteAsync("/api/external/auth/sessions", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await laptop.GetAsync("/api/external/auth/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await current.GetAsync("/api/external/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task Cookies_survive_a_host_restart_because_keys_and_sessions_are_in_the_database()
    {
        await _app.CreateAccountAsync(Owner, OwnerPassword);
        var cookie = await LoginCookieAsync();

        await using var restarted = new ImposterApp(dataDirectory: _app.DataDirectory);
        var client = restarted.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/external/auth/me", Ct)).StatusCode);
    }
}
