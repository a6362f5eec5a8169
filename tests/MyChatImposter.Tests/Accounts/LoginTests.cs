using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MyChatImposter.Accounts;

namespace MyChatImposter.Tests.Accounts;

public sealed class LoginTests : IAsyncDisposable
{
    private const string Owner = "olivia";
    private const string OwnerPassword = "Olivia-Passw0rd!";
    // The per-address rate limit runs on the wall clock; lockout tests make more than ten attempts in a
    // real minute, so they lift it. The rate-limit test uses its own app with the default.
    private readonly ImposterApp _app = new(new Dictionary<string, string> { ["Auth:LoginAttemptsPerMinute"] = "1000" });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Login_answers_the_identity_and_sets_a_hardened_cookie_without_exposing_the_session_id()
    {
        await _app.CreateAccountAsync(Owner, OwnerPassword);
        var client = _app.CreateClient("10.0.0.1");

        var response = await client.LoginAsync(Owner, OwnerPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.True((bool)body!["success"]!);
        Assert.Equal(Owner, (string?)body["user_id"]);
        Assert.Equal("user", (string?)body["role"]);
        Assert.Null(body["session_id"]);
        var setCookie = response.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith("imposter_session=", setCookie);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", setCookie, StringComparison.OrdinalIgnoreCase);
        // Plain HTTP: a Secure cookie would never come back.
        Assert.DoesNotContain("secure", setCookie, StringComparison.OrdinalIgnoreCase);

        var me = await client.GetFromJsonAsync<JsonObject>("/api/external/auth/me", Ct);
        Assert.Equal(Owner, (string?)me!["user_id"]);
    }

    [Fact]
    public async Task Over_https_the_cookie_is_secure_and_host_prefixed()
    {
        await _app.CreateAccountAsync(Owner, OwnerPassword);
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });

        var response = await client.LoginAsync(Owner, OwnerPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var setCookie = response.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith("__Host-imposter_session=", setCookie);
        Assert.Contains("secure", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/external/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task Unknown_user_and_wrong_password_get_the_same_401()
    {
        await _app.CreateAccountAsync(Owner, OwnerPassword);
        var client = _app.CreateClient("10.0.0.1");

        var wrongPassword = await client.LoginAsync(Owner, "Wrong-Passw0rd!");
        var unknownUser = await client.LoginAsync("nobody", "Wrong-Passw0rd!");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownUser.StatusCode);
        var first = await wrongPassword.ProblemAsync();
        var second = await unknownUser.ProblemAsync();
        Assert.Equal(first.GetProperty("title").GetString(), second.GetProperty("title").GetString());
        Assert.Equal(first.GetProperty("detail").GetString(), second.GetProperty("detail").GetString());
        Assert.False(wrongPassword.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Disabled_account_cannot_sign_in_and_gets_the_same_401()
    {
        await _app.CreateAccountAsync(Owner, OwnerPassword);
        await _app.Service<AccountService>().SetDisabledAsync(Owner, true, "test", Ct);

        var response = await _app.CreateClient("10.0.0.1").LoginAsync(Owner, OwnerPassword);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Missing_fields_or_malformed_body_are_400_not_500()
    {
        var client = _app.CreateClient("10.0.0.1");

        var missing = await client.PostAsJsonAsync("/api/external/auth/login", new { user_id = Owner }, Ct);
        var malformed = await client.PostAsync("/api/external/auth/login",
            new StringContent("{\"user_id\":", System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await missing.ProblemAsync()).GetProperty("errors").TryGetProperty("password", out _));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task The_eleventh_attempt_within_a_minute_from_one_address_is_429_with_retry_after()
    {
        await using var app = new ImposterApp();
        var client = app.CreateClient("10.0.0.7");
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var allowed = await client.LoginAsync($"user{attempt}", "Wrong-Passw0rd!");
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }

        var eleventh = await client.LoginAsync("user11", "Wrong-Passw0rd!");

        Assert.Equal(HttpStatusCode.TooManyRequests, eleventh.StatusCode);
        Assert.InRange(int.Parse(eleventh.Headers.GetValues("Retry-After").Single()), 1, 60);
        Assert.True((await eleventh.ProblemAsync()).GetProperty("retry_after").GetInt32() >= 1);
        // Another address is not affected.
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient("10.0.0.8").LoginAsync("user1", "Wrong-Passw0rd!")).StatusCode);
    }

    [Fact]
    public async Task Ten_failures_lock_that_address_out_even_with_the_right_password_until_the_lock_ends()
    {
        await _app.CreateAccountAsync(Owner, OwnerPassword);
        var attacker = _app.CreateClient("203.0.113.66");
        for (var attempt = 1; attempt <= 9; attempt++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.LoginAsync(Owner, $"Guess-{attempt}-Passw0rd!")).StatusCode);
        }

        var tenth = await attacker.LoginAsync(Owner, "Guess-10-Passw0rd!");
        Assert.Equal((HttpStatusCode)423, tenth.StatusCode);
        Assert.Equal(300, int.Parse(tenth.Headers.GetValues("Retry-After").Single()));

        // Still locked with the right password, four minutes later.
        _app.Time.Advance(TimeSpan.FromMinutes(4));
        var rightButLocked = await attacker.LoginAsync(Owner, OwnerPassword);
        Assert.Equal((HttpStatusCode)423, rightButLocked.StatusCode);
        Assert.Equal(60, int.Parse(rightButLocked.Headers.GetValues("Retry-After").Single()));
        Assert.NotNull((await rightButLocked.ProblemAsync()).GetProperty("locked_until").GetString());

        // The lock ends after five minutes.
        _app.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await attacker.LoginAsync(Owner, OwnerPassword)).StatusCode);
    }

    [Fact]
    public async Task The_owner_signs_in_from_elsewhere_while_an_attacker_is_locked_out()
    {
        await _app.CreateAccountAsync(Owner, OwnerPassword);
        var attacker = _app.CreateClient("203.0.113.66");
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            await attacker.LoginAsync(Owner, $"Guess-{attempt}-Passw0rd!");
        }
        Assert.Equal((HttpStatusCode)423, (await attacker.LoginAsync(Owner, OwnerPassword)).StatusCode);

        var owner = _app.CreateClient("198.51.100.20");
        var response = await owner.LoginAsync(Owner, OwnerPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Failures_older_than_the_window_do_not_count()
    {
        await _app.CreateAccountAsync(Owner, OwnerPassword);
        var client = _app.CreateClient("203.0.113.66");
        for (var attempt = 1; attempt <= 9; attempt++)
        {
            await client.LoginAsync(Owner, "Wrong-Passw0rd!");
        }

        _app.Time.Advance(TimeSpan.FromMinutes(11));
        var afterWindow = await client.LoginAsync(Owner, "Wrong-Passw0rd!");

        Assert.Equal(HttpStatusCode.Unauthorized, afterWindow.StatusCode);
    }

    [Fact]
    public async Task An_admin_unlock_ends_the_lock()
    {
        await _app.CreateAccountAsync(Owner, OwnerPassword);
        var attacker = _app.CreateClient("203.0.113.66");
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            await attacker.LoginAsync(Owner, "Wrong-Passw0rd!");
        }
        var admin = await _app.AdminClientAsync();

        var unlock = await admin.PostAsync($"/api/external/accounts/{Owner}/unlock", null, Ct);

        Assert.Equal(HttpStatusCode.NoContent, unlock.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await attacker.LoginAsync(Owner, OwnerPassword)).StatusCode);
    }
}
