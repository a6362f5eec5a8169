using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using MyChatImposter.Accounts;
using MyChatImposter.Audit;
using MyChatImposter.Tests.Accounts;

namespace MyChatImposter.Tests.Audit;

// Refusals anyone can repeat (429s of the login rate limit, 403s) are counted into one row per client address,
// actor and window (RefusalTally) instead of a row each. The rate limit runs on the wall clock and stays at its
// default of 10 a minute; the windows run on the fake clock.
public sealed class RefusalAuditTests : IAsyncDisposable
{
    private const string Attacker = "203.0.113.50";
    private readonly ImposterApp _app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<IReadOnlyList<AuditEvent>> RowsFromAsync(string clientIp, string? eventType = null) =>
        [.. (await _app.Service<IAuditLogStore>().QueryAsync(new AuditQuery(EventType: eventType, Limit: 500), Ct))
            .Where(row => row.ClientIp == clientIp)];

    // The window ends on the fake clock; the sweep then writes its final count.
    private async Task EndTheWindowAsync()
    {
        _app.Time.Advance(_app.Service<IOptions<AuditOptions>>().Value.AggregationWindow);
        await _app.Service<RefusalTally>().FlushEndedAsync(Ct);
    }

    private static async Task<int> RefusedAsync(HttpClient client, int attempts)
    {
        var refused = 0;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            // A new id each time, so that no lockout adds rows of its own.
            var response = await client.LoginAsync($"ghost{attempt}", "Wrong-Passw0rd!");
            refused += response.StatusCode == HttpStatusCode.TooManyRequests ? 1 : 0;
        }
        return refused;
    }

    [Fact]
    public async Task A_thousand_refused_logins_from_one_address_leave_eleven_audit_rows()
    {
        var refused = await RefusedAsync(_app.CreateClient(Attacker), 1_000);
        await EndTheWindowAsync();

        Assert.Equal(990, refused);
        var rows = await RowsFromAsync(Attacker);
        Assert.Equal(11, rows.Count);
        Assert.Equal(10, rows.Count(row => row.EventType == AuditEvents.LoginFailed));
        var limited = Assert.Single(rows, row => row.EventType == AuditEvents.LoginRateLimited);
        Assert.Equal("990", limited.Details["count"]);
        Assert.Equal(limited.Timestamp, DateTimeOffset.Parse(limited.Details["first_at"], CultureInfo.InvariantCulture));
        Assert.True(DateTimeOffset.Parse(limited.Details["last_at"], CultureInfo.InvariantCulture) >= limited.Timestamp);
    }

    [Fact]
    public async Task The_first_refusal_is_written_at_once_and_a_refusal_after_the_window_starts_a_second_row()
    {
        var attacker = _app.CreateClient(Attacker);
        Assert.Equal(1, await RefusedAsync(attacker, 11));
        var first = Assert.Single(await RowsFromAsync(Attacker, AuditEvents.LoginRateLimited));
        Assert.Equal("1", first.Details["count"]);

        Assert.Equal(1, await RefusedAsync(attacker, 1));
        await EndTheWindowAsync();
        Assert.Equal(3, await RefusedAsync(attacker, 3));
        await EndTheWindowAsync();

        var rows = await RowsFromAsync(Attacker, AuditEvents.LoginRateLimited);
        Assert.Equal(["3", "2"], rows.Select(row => row.Details["count"]));
        Assert.Equal(first.Id, rows[1].Id);
        Assert.True(rows[0].Timestamp >= rows[1].Timestamp + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Permission_denials_are_counted_per_address_and_user()
    {
        await _app.CreateAccountAsync("bob", "Bob-Passw0rd!!");
        await _app.CreateAccountAsync("carol", "Carol-Passw0rd!!");
        var bob = await _app.SignedInClientAsync("bob", "Bob-Passw0rd!!", "10.0.0.2");
        var carol = await _app.SignedInClientAsync("carol", "Carol-Passw0rd!!", "10.0.0.2");

        for (var request = 0; request < 3; request++)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync("/api/external/users", Ct)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await carol.GetAsync("/api/external/accounts", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await carol.GetAsync("/api/external/users", Ct)).StatusCode);
        await EndTheWindowAsync();

        var rows = await RowsFromAsync("10.0.0.2", AuditEvents.PermissionDenied);
        Assert.Equal(2, rows.Count);
        Assert.Equal("3", Assert.Single(rows, row => row.ActorUserId == "bob").Details["count"]);
        var carols = Assert.Single(rows, row => row.ActorUserId == "carol");
        Assert.Equal("2", carols.Details["count"]);
        // The details besides the count are the window's first refusal's.
        Assert.Equal("/api/external/accounts/", carols.Details["route"]);
    }

    [Fact]
    public async Task Shutdown_writes_the_count_of_a_window_still_open()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("imposter-test-").FullName;
        try
        {
            await using (var app = new ImposterApp(dataDirectory: dataDirectory))
            {
                Assert.Equal(5, await RefusedAsync(app.CreateClient(Attacker), 15));
            }

            await using var restarted = new ImposterApp(dataDirectory: dataDirectory);
            var rows = await restarted.Service<IAuditLogStore>().QueryAsync(new AuditQuery(EventType: AuditEvents.LoginRateLimited), Ct);
            Assert.Equal("5", Assert.Single(rows).Details["count"]);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
