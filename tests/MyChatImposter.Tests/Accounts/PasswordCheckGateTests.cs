using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MyChatImposter.Accounts;
using MyChatImposter.Audit;
using MyChatImposter.Tests.Pages;

namespace MyChatImposter.Tests.Accounts;

// Issue 11, hole 3: password checks are bounded, a request that cannot get a turn is refused without one,
// and an address's first attempt is served before the repeated attempts of a flood.
public sealed class PasswordCheckGateTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PasswordCheckGate Gate(int concurrent = 1, int queueLimit = 4, double maxWaitSeconds = 3) => new(
        Options.Create(new AuthOptions
        {
            MaxConcurrentPasswordChecks = concurrent,
            PasswordCheckQueueLimit = queueLimit,
            PasswordCheckMaxWait = TimeSpan.FromSeconds(maxWaitSeconds),
        }),
        _time);

    [Fact]
    public async Task At_most_the_configured_number_of_checks_run_and_the_next_waits_for_a_free_slot()
    {
        var gate = Gate(concurrent: 2);
        var first = await gate.EnterAsync("192.0.2.1", Ct);
        var second = await gate.EnterAsync("192.0.2.2", Ct);

        var third = gate.EnterAsync("192.0.2.3", Ct);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.False(third.IsCompleted);
        first!.Dispose();
        Assert.NotNull(await third);
    }

    [Fact]
    public async Task A_first_attempt_is_served_before_repeated_attempts_that_waited_longer()
    {
        var gate = Gate();
        var flooder = "203.0.113.9";
        (await gate.EnterAsync(flooder, Ct))!.Dispose();
        var running = await gate.EnterAsync("203.0.113.10", Ct);
        var repeated = gate.EnterAsync(flooder, Ct);
        var fresh = gate.EnterAsync("198.51.100.1", Ct);

        running!.Dispose();

        var served = await fresh;
        Assert.NotNull(served);
        Assert.False(repeated.IsCompleted);
        served!.Dispose();
        Assert.NotNull(await repeated);
    }

    [Fact]
    public async Task A_request_that_finds_its_line_full_is_refused_at_once()
    {
        var gate = Gate(queueLimit: 1);
        var running = await gate.EnterAsync("192.0.2.1", Ct);
        var waiting = gate.EnterAsync("192.0.2.2", Ct);

        var refused = await gate.EnterAsync("192.0.2.3", Ct);

        Assert.Null(refused);
        running!.Dispose();
        Assert.NotNull(await waiting);
    }

    [Fact]
    public async Task A_request_that_waits_past_the_limit_is_refused_and_leaves_the_line()
    {
        var gate = Gate(queueLimit: 1, maxWaitSeconds: 3);
        var running = await gate.EnterAsync("192.0.2.1", Ct);
        var waiting = gate.EnterAsync("192.0.2.2", Ct);

        _time.Advance(TimeSpan.FromSeconds(3));

        Assert.Null(await waiting);
        var next = gate.EnterAsync("192.0.2.3", Ct);
        Assert.False(next.IsCompleted);
        running!.Dispose();
        Assert.NotNull(await next);
    }

    // One password check at a time and no line: while a test holds the one turn, every check is refused.
    private static async Task<ImposterApp> OneCheckNoLineAppAsync()
    {
        var app = new ImposterApp(new Dictionary<string, string>
        {
            ["Auth:MaxConcurrentPasswordChecks"] = "1",
            ["Auth:PasswordCheckQueueLimit"] = "0",
        });
        await app.CreateAccountAsync("bob", "Bob-Passw0rd!!");
        return app;
    }

    [Fact]
    public async Task Sign_in_is_answered_503_with_retry_after_and_costs_nothing_while_every_turn_is_taken()
    {
        await using var app = await OneCheckNoLineAppAsync();
        using var held = await app.Service<PasswordCheckGate>().EnterAsync("192.0.2.250", Ct);
        var client = app.CreateClient("198.51.100.1");

        var api = await client.LoginAsync("bob", "Bob-Passw0rd!!");
        var form = await HtmlForm.GetAsync(client, "/login", "login-form");
        var page = await form.PostAsync(client, ("Input.UserId", "bob"), ("Input.Password", "Bob-Passw0rd!!"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), api.Headers.RetryAfter?.Delta);
        Assert.Equal(3, (await api.ProblemAsync()).GetProperty("retry_after").GetInt32());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Contains("Too many people are signing in right now", HtmlPage.FormErrors(await page.ReadAsync()).Single());
        var audit = await app.Service<IAuditLogStore>().QueryAsync(new AuditQuery(), Ct);
        Assert.DoesNotContain(audit, row => row.EventType is AuditEvents.LoginFailed or AuditEvents.LoginSuccess);
        // Both refusals in one counted row (RefusalTally), written at the first.
        Assert.Single(audit, row => row.EventType == AuditEvents.LoginBusy);
        Assert.Empty(await app.Service<ILoginSessionStore>().ListForUserAsync("bob", Ct));
    }

    [Fact]
    public async Task Changing_the_own_password_waits_for_a_turn_too_and_changes_nothing_without_one()
    {
        await using var app = await OneCheckNoLineAppAsync();
        var bob = await app.SignedInClientAsync("bob", "Bob-Passw0rd!!");

        HttpResponseMessage refused;
        using (await app.Service<PasswordCheckGate>().EnterAsync("192.0.2.250", Ct))
        {
            refused = await bob.PostAsJsonAsync("/api/external/auth/password",
                new { current_password = "Bob-Passw0rd!!", new_password = "Bob-Passw0rd!!2" }, Ct);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("Too many password checks at once", (await refused.ProblemAsync()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient("10.0.0.9").LoginAsync("bob", "Bob-Passw0rd!!")).StatusCode);
    }

    [Fact]
    public async Task A_login_refused_by_the_rate_limit_is_answered_only_after_the_pause()
    {
        // A due time no other timer of the host uses.
        var time = new TimerWatchingTime();
        await using var app = new ImposterApp(new Dictionary<string, string>
        {
            ["Auth:LoginAttemptsPerMinute"] = "1",
            ["Auth:RefusedLoginDelay"] = "00:00:01.234",
        }) { Time = time };
        var client = app.CreateClient("203.0.113.5");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.LoginAsync("ghost", "Wrong-Passw0rd!")).StatusCode);

        var refused = client.LoginAsync("ghost", "Wrong-Passw0rd!");
        await time.TimerLasting(TimeSpan.FromMilliseconds(1_234));
        time.Advance(TimeSpan.FromMilliseconds(1_234));

        Assert.Equal(HttpStatusCode.TooManyRequests, (await refused).StatusCode);
    }
}
