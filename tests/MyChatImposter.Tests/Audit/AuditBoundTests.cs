using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MyChatImposter.Accounts;
using MyChatImposter.Audit;
using MyChatImposter.Tests.Llm;

namespace MyChatImposter.Tests.Audit;

// Audit:MaxRows: the hourly housekeeping drops the oldest rows beyond it and says so, in the log and in the
// audit log itself.
public sealed class AuditBoundTests : IAsyncDisposable
{
    private readonly CapturedLogs _logs = new();
    private readonly ImposterApp _app;

    public AuditBoundTests() => _app = new ImposterApp(new Dictionary<string, string>
    {
        ["Audit:MaxRows"] = "10",
        ["Logging:LogLevel:Default"] = "Debug",
    })
    {
        ConfigureServices = services => services.AddLogging(logging => logging.AddProvider(_logs)),
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Housekeeping_keeps_the_log_within_its_bound_and_says_what_it_dropped()
    {
        var store = _app.Service<IAuditLogStore>();
        var housekeeping = _app.Service<IEnumerable<IHostedService>>().OfType<AccountsHousekeeping>().Single();
        // The run at start has finished (it found nothing to do), so only the run below trims.
        await _logs.WaitForAsync(entry => entry.Contains("[1020]", StringComparison.Ordinal)).WaitAsync(Ct);
        var start = _app.Time.GetUtcNow();
        for (var row = 0; row < 15; row++)
        {
            await store.AppendAsync(new AuditEvent(start.AddSeconds(row), AuditEvents.LoginSuccess, $"user{row}", null,
                "10.0.0.1", null, new Dictionary<string, string>()), Ct);
        }

        await housekeeping.PurgeAsync(Ct);

        var rows = await store.QueryAsync(new AuditQuery(Limit: 500), Ct);
        Assert.Equal(10, rows.Count);
        var notice = rows[0];
        Assert.Equal(AuditEvents.AuditTrimmed, notice.EventType);
        Assert.Equal("6", notice.Details["deleted"]);
        Assert.Equal("10", notice.Details["max_rows"]);
        Assert.Equal("user6", rows[^1].ActorUserId);
        Assert.Equal(rows[^1].Timestamp, DateTimeOffset.Parse(notice.Details["oldest_kept"], CultureInfo.InvariantCulture));
        Assert.Contains(_logs.Entries, entry => entry.StartsWith($"{LogLevel.Warning} ", StringComparison.Ordinal)
            && entry.Contains("[1022]", StringComparison.Ordinal) && entry.Contains("the oldest 6 were deleted", StringComparison.Ordinal));

        // At the bound, not over it: nothing more goes and no second notice is written.
        await housekeeping.PurgeAsync(Ct);
        Assert.Equal(rows.Select(row => row.Id), (await store.QueryAsync(new AuditQuery(Limit: 500), Ct)).Select(row => row.Id));
    }
}
