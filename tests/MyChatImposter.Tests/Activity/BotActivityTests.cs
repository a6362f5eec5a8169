using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MyChatImposter.Activity;
using MyChatImposter.Delivery;
using MyChatImposter.Tests.AutoReply;
using MyChatImposter.Tests.Delivery;
using MyChatImposter.Tests.Llm;
using MyChatImposter.Tests.Pages.Bots;

namespace MyChatImposter.Tests.Activity;

// The hourly activity end to end: people write through the sandbox, the bot answers with the fake LLM and the
// real delivery queue, and the counts show at once (from memory), then in the store once the minute's flush
// has run on the fake clock, and after a restart once shutdown has flushed them.
public sealed class BotActivityTests : IAsyncLifetime
{
    private const string Ann = "ann";
    private const string Stranger = "972509999999@s.whatsapp.net";
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(30);

    private readonly CapturedLogs _logs = new();
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("imposter-activity-").FullName;
    private ImposterApp _app = null!;
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Start();
        _admin = await _app.AdminClientAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        DeliveryTesting.DeleteDirectory(_dataDirectory);
    }

    private void Start()
    {
        _app = new ImposterApp(new Dictionary<string, string>
        {
            ["AutoReply:QuietPeriod"] = "00:00:00",
            ["Pipeline:DrainTimeout"] = "00:00:30",
            ["Logging:LogLevel:MyChatImposter.Activity"] = "Debug",
        }, _dataDirectory)
        {
            ConfigureServices = services => services.AddLogging(logging => logging.AddProvider(_logs)),
            Time = new TimerWatchingTime(),
        };
    }

    private BotActivityRecorder Recorder => _app.Service<BotActivityRecorder>();

    private IBotActivityStore Store => _app.Service<IBotActivityStore>();

    private DateTimeOffset ThisHour => BotActivityHour.HourOf(_app.Time.GetUtcNow());

    private Task<IReadOnlyList<BotActivityHour>> ReadAsync() => Recorder.ListAsync(Ann, ThisHour.AddDays(-7), ThisHour.AddHours(1), Ct);

    private Task<IReadOnlyList<BotActivityHour>> StoredAsync() => Store.ListAsync(Ann, ThisHour.AddDays(-7), ThisHour.AddHours(1), Ct);

    private int Flushes => _logs.Entries.Count(entry => entry.Contains("[8002]", StringComparison.Ordinal));

    // Advances the clock to the flusher's next tick and waits for the write it makes. The flusher's loop starts
    // on the thread pool after the host has started (BackgroundService since .NET 10), so the clock moves only
    // once its timer is set: moved first, the timer would count from the new time and never tick.
    private async Task FlushAsync()
    {
        var before = Flushes;
        var written = _logs.WaitForAsync(entry => entry.Contains("[8002]", StringComparison.Ordinal) && Flushes > before);
        await ((TimerWatchingTime)_app.Time).TimerSetBy<BotActivityFlusher>();
        _app.Time.Advance(BotActivityFlusher.Interval);
        await written.WaitAsync(SignalTimeout, Ct);
    }

    // Ann's bot answers Dana (whitelisted) through the fake LLM; a stranger's message is archived, not answered.
    private async Task ExchangeAsync()
    {
        await _admin.SaveAndLinkAsync(Ann, AutoReplyBots.Configuration(Ann));
        await _admin.WriteAsync(Ann, AutoReplyBots.Dana, "are you coming tonight?");
        await _admin.WriteAsync(Ann, Stranger, "who is this?", displayName: "Mallory");
        await _app.SentMessagesAsync(Ann, 1);
        await _admin.UnlinkAsync(Ann);
    }

    [Fact]
    public async Task A_sandbox_exchange_is_counted_at_once_and_written_by_the_next_flush()
    {
        await ExchangeAsync();

        var counted = Assert.Single(await ReadAsync());
        Assert.Equal(ThisHour, counted.Hour);
        Assert.Equal((2, 1, 0, 1, 0), (counted.Counts.Received, counted.Counts.Sent, counted.Counts.DeliveryFailures, counted.Counts.LlmCalls, counted.Counts.LlmErrors));
        Assert.Equal(1, counted.Counts.LlmLatency.Total);
        Assert.Empty(await StoredAsync());

        await FlushAsync();

        var stored = Assert.Single(await StoredAsync());
        Assert.Equal(counted with { Counts = counted.Counts with { QueuePeak = stored.Counts.QueuePeak, FailedPeak = stored.Counts.FailedPeak } }, stored);
        // Read again: the store's rows and nothing counted twice.
        Assert.Equal(stored, Assert.Single(await ReadAsync()));
    }

    [Fact]
    public async Task What_is_counted_after_a_flush_adds_to_the_stored_hour()
    {
        await ExchangeAsync();
        await FlushAsync();

        await _admin.SaveAndLinkAsync(Ann, AutoReplyBots.Configuration(Ann));
        await _admin.WriteAsync(Ann, Stranger, "hello again");
        await _admin.UnlinkAsync(Ann);

        Assert.Equal(3, Assert.Single(await ReadAsync()).Counts.Received);
        Assert.Equal(2, Assert.Single(await StoredAsync()).Counts.Received);
        await FlushAsync();
        Assert.Equal(3, Assert.Single(await StoredAsync()).Counts.Received);
    }

    [Fact]
    public async Task The_queue_is_sampled_at_each_flush_and_its_highest_sample_kept()
    {
        await _app.SaveBotAsync(Ann);
        var queue = _app.Service<IDeliveryQueue>();
        foreach (var text in new[] { "one", "two", "three" })
        {
            await queue.EnqueueAsync(new OutboundMessage(Ann, AutoReplyBots.Dana, new TextContent(text), "test"), Ct);
        }
        await _app.FailedItemAsync(Ann, "refused");
        await FlushAsync();

        var hour = Assert.Single(await StoredAsync()).Counts;
        Assert.Equal((3, 1), (hour.QueuePeak, hour.FailedPeak));
    }

    [Fact]
    public async Task Shutdown_writes_what_was_counted_since_the_last_flush()
    {
        await ExchangeAsync();

        await _app.DisposeAsync();
        Start();

        Assert.Equal(2, Assert.Single(await StoredAsync()).Counts.Received);
    }

    [Fact]
    public async Task Hours_older_than_30_days_are_removed_by_the_housekeeping()
    {
        await Store.AddAsync([
            new BotActivityHour(Ann, ThisHour.AddDays(-31), new ActivityCounts { Received = 1 }),
            new BotActivityHour(Ann, ThisHour.AddDays(-29), new ActivityCounts { Received = 2 }),
        ], Ct);

        await _app.Services.GetServices<IHostedService>().OfType<BotActivityHousekeeping>().Single().PurgeAsync(Ct);

        var kept = Assert.Single(await Store.ListAsync(Ann, ThisHour.AddDays(-60), ThisHour, Ct));
        Assert.Equal(2, kept.Counts.Received);
    }

    [Fact]
    public async Task Deleting_the_bot_erases_its_activity_stored_and_counted_and_no_one_elses()
    {
        await ExchangeAsync();
        await FlushAsync();
        await _admin.SaveAndLinkAsync(Ann, AutoReplyBots.Configuration(Ann));
        await _admin.WriteAsync(Ann, Stranger, "counted, not yet written");
        await _admin.UnlinkAsync(Ann);
        await Store.AddAsync([new BotActivityHour("bob", ThisHour, new ActivityCounts { Received = 5 })], Ct);

        var deleted = (await (await _admin.DeleteAsync($"/api/external/users/{Ann}", Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct))!;

        Assert.Equal("1", (string?)deleted["erased"]!["activity_hours"]);
        Assert.Empty(await ReadAsync());
        await Recorder.FlushAsync(Ct);
        Assert.Empty(await StoredAsync());
        Assert.Single(await Store.ListAsync("bob", ThisHour, ThisHour.AddHours(1), Ct));
    }
}
