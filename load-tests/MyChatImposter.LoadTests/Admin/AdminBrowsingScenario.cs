using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MyChatImposter.LoadTests.Results;
using MyChatImposter.Tests;

namespace MyChatImposter.LoadTests.Admin;

// Issue 17's `admin` scenario: people browsing the admin site and its API while messages flow. Sandbox bots
// are linked; an inbound flow runs alone first (the baseline of its 202 latency), then again while browsers
// go round the dashboard, each bot's pages and the API. Reports every page's latency and errors, and what
// browsing costs the inbound flow. Fails on any page answer other than 200 and any message not accepted.
public static class AdminBrowsingScenario
{
    public const string Name = "admin";

    public const string Usage = """
        admin [--bots 10] [--browsers 8] [--rate 200] [--duration 30] [--baseline 10] [--host-dll PATH] [-- host arguments]
          Starts the Release host on a fresh SQLite file, signs in as its administrator, saves and links --bots
          sandbox bots, warms up for 3 s, then sends inbound messages at --rate a second (open model, spread over
          the bots and 50 contacts each) for --baseline seconds alone, then for --duration seconds while
          --browsers people, each with their own cookie session, go round the dashboard, every bot's overview,
          settings, delivery, archive and activity pages and the API (users, statuses, delivery queue, an
          archive page) with no pause. Writes load-tests/results/admin.json and .md: per page requests and
          p50/p95/p99, errors (anything but 200), and the inbound 202 latency without and with browsing.
          Exit code 1 when a page answered anything but 200 or a message was not accepted (202).
          Arguments after -- go to the host, e.g. -- --Storage:Sqlite:Synchronous Normal
        """;

    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);

    public sealed record Settings(int Bots, int Browsers, int Rate, int DurationS, int BaselineS, string? HostDll)
    {
        public static Settings Parse(string[] args)
        {
            var settings = new Settings(10, 8, 200, 30, 10, null);
            for (var i = 0; i < args.Length; i += 2)
            {
                var name = args[i];
                var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{name} needs a value; see `admin --help`.");
                settings = name switch
                {
                    "--bots" => settings with { Bots = Positive(name, value) },
                    "--browsers" => settings with { Browsers = Positive(name, value) },
                    "--rate" => settings with { Rate = Positive(name, value) },
                    "--duration" => settings with { DurationS = Positive(name, value.TrimEnd('s')) },
                    "--baseline" => settings with { BaselineS = Positive(name, value.TrimEnd('s')) },
                    "--host-dll" => settings with { HostDll = value },
                    _ => throw new ArgumentException($"unknown option {name}; see `admin --help`."),
                };
            }
            return settings;
        }

        private static int Positive(string name, string value) =>
            int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
                ? number
                : throw new ArgumentException($"{name} must be a whole number above 0, not '{value}'.");
    }

    public static async Task<int> RunAsync(string[] args, string repositoryRoot, CancellationToken cancellationToken)
    {
        (args, var hostArguments) = PipelineBenchmark.SplitHostArguments(args);
        if (args.Contains("--help"))
        {
            Console.WriteLine(Usage);
            return 0;
        }
        Settings settings;
        try
        {
            settings = Settings.Parse(args);
        }
        catch (ArgumentException exception)
        {
            Console.Error.WriteLine(exception.Message);
            return 2;
        }

        var machine = MachineInfo.Current();
        await using var host = await HostUnderTest.StartAsync(repositoryRoot, cancellationToken,
            // Per-request Information lines would cost the host CPU for a console nobody reads.
            ["--Logging:LogLevel:Default", "Warning", .. hostArguments], settings.HostDll);
        Console.Error.WriteLine($"admin: host {host.Description}");

        using var admin = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer() })
        {
            BaseAddress = host.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        await SignInAsync(admin, cancellationToken);
        var botIds = Enumerable.Range(0, settings.Bots).Select(index => $"admin-bot-{index:D2}").ToList();
        foreach (var botId in botIds)
        {
            await LinkSandboxBotAsync(admin, botId, cancellationToken);
        }
        var browsers = Enumerable.Range(0, settings.Browsers).Select(index => new Browser(index, host.BaseAddress)).ToList();
        try
        {
            foreach (var browser in browsers)
            {
                await browser.SignInAsync(cancellationToken);
            }
            Console.Error.WriteLine($"admin: {botIds.Count} bots linked, {browsers.Count} browsers signed in; warming up {Warmup.TotalSeconds:0} s...");

            var inbound = new InboundFlow(admin, botIds, settings.Rate);
            var progress = new Progress(inbound, browsers);
            using var reporting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var reporter = progress.ReportEverySecondAsync(reporting.Token);

            progress.Enter("warm-up");
            await BrowseWhileAsync(browsers, botIds, inbound.RunAsync("warmup", Warmup, cancellationToken));
            progress.Enter("baseline (inbound only)");
            var baseline = await inbound.RunAsync("baseline", TimeSpan.FromSeconds(settings.BaselineS), cancellationToken);
            progress.Enter("inbound + browsing");
            var clock = Stopwatch.StartNew();
            var (withBrowsing, pages) = await BrowseWhileAsync(browsers, botIds,
                inbound.RunAsync("browsing", TimeSpan.FromSeconds(settings.DurationS), cancellationToken));
            var measured = clock.Elapsed;
            await reporting.CancelAsync();
            await reporter;

            if (host.ExitedUnexpectedly() is { } exited)
            {
                Console.Error.WriteLine(exited);
            }
            var result = Result(settings, machine, host.PeakWorkingSetBytes(), measured, baseline, withBrowsing, pages);
            var detail = Detail(settings, baseline, withBrowsing, pages);
            var (json, markdown) = await result.WriteAsync(Path.Combine(repositoryRoot, "load-tests", "results"), detail);
            Console.WriteLine(result.ToMarkdown(detail));
            Console.Error.WriteLine($"Wrote {json} and {markdown}");
            var pageErrors = pages.Values.Sum(stats => stats.ErrorCount);
            return result.Lost == 0 && pageErrors == 0 ? 0 : 1;
        }
        finally
        {
            browsers.ForEach(browser => browser.Dispose());
        }
    }

    public static async Task SignInAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsJsonAsync("/api/external/auth/login",
            new { user_id = HostUnderTest.AdminUser, password = HostUnderTest.AdminPassword }, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Sign-in as {HostUnderTest.AdminUser} answered {(int)response.StatusCode}.");
        }
    }

    // Saved, linked, and connected (the status a person would wait for before writing to it).
    private static async Task LinkSandboxBotAsync(HttpClient admin, string botId, CancellationToken cancellationToken)
    {
        using (var saved = await admin.PutAsync($"/api/external/users/{botId}",
                   new StringContent(ConfigurationDocuments.Valid(botId).ToJsonString(), Encoding.UTF8, "application/json"), cancellationToken))
        {
            Ensure(saved, $"PUT /api/external/users/{botId}");
        }
        using (var linked = await admin.PostAsync($"/api/external/users/{botId}/actions/link", null, cancellationToken))
        {
            Ensure(linked, $"POST /api/external/users/{botId}/actions/link");
        }
        // Another process offers no event to await: poll its status.
        var deadline = Stopwatch.StartNew();
        while ((await admin.GetFromJsonAsync<JsonObject>($"/api/external/users/{botId}/status", cancellationToken))?["status"]?.GetValue<string>() != "connected")
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"{botId} was not connected 30 s after it was linked.");
            }
            await Task.Delay(50, cancellationToken);
        }
    }

    private static void Ensure(HttpResponseMessage response, string request)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{request} answered {(int)response.StatusCode}.");
        }
    }

    // Every browser goes round until the inbound flow of the phase has finished; their figures merged per page.
    private static async Task<(OperationStats Inbound, Dictionary<string, OperationStats> Pages)> BrowseWhileAsync(
        IReadOnlyList<Browser> browsers, IReadOnlyList<string> botIds, Task<OperationStats> inbound)
    {
        using var stop = new CancellationTokenSource();
        var browsing = browsers.Select(browser => Task.Run(() => browser.BrowseAsync(botIds, stop.Token))).ToList();
        OperationStats inboundStats;
        try
        {
            inboundStats = await inbound;
        }
        finally
        {
            await stop.CancelAsync();
        }
        var pages = Browser.Round.ToDictionary(entry => entry.Name, _ => new OperationStats());
        foreach (var browserStats in await Task.WhenAll(browsing))
        {
            foreach (var (name, stats) in browserStats)
            {
                pages[name].Add(stats);
            }
        }
        return (inboundStats, pages);
    }

    private static ScenarioResult Result(
        Settings settings, MachineInfo machine, long? peakRss, TimeSpan measured,
        OperationStats baseline, OperationStats withBrowsing, Dictionary<string, OperationStats> pages)
    {
        var all = new OperationStats();
        foreach (var stats in pages.Values)
        {
            all.Add(stats);
        }
        var sent = baseline.Requests + withBrowsing.Requests;
        var lost = baseline.ErrorCount + withBrowsing.ErrorCount;
        return new ScenarioResult(
            Name, sent, RepliesReceived: 0, lost, Duplicated: 0,
            ThroughputMsgsPerS: Math.Round(all.Requests / measured.TotalSeconds, 1),
            Ms(all, 50), Ms(all, 95), Ms(all, 99),
            PeakRssMb: peakRss is { } bytes ? Math.Round(bytes / 1024.0 / 1024.0, 1) : 0,
            DurationS: Math.Round(measured.TotalSeconds, 1),
            machine, DateTimeOffset.UtcNow,
            // The issue sets no figure for this scenario: it asks that browsing works while messages flow.
            Targets: [],
            new Dictionary<string, object?>
            {
                ["settings"] = settings,
                ["throughput_meaning"] = "page and API requests per second, all browsers together",
                ["pages"] = pages.Select(page => Figures.Of(page.Key, page.Value)).ToList(),
                ["inbound_baseline"] = Figures.Of("inbound 202, alone", baseline),
                ["inbound_with_browsing"] = Figures.Of("inbound 202, while browsing", withBrowsing),
                ["inbound_p99_ratio"] = Ms(baseline, 99) > 0 ? Math.Round(Ms(withBrowsing, 99) / Ms(baseline, 99), 2) : null,
            });
    }

    public sealed record Figures(string Name, long Requests, double P50Ms, double P95Ms, double P99Ms, long Errors, IReadOnlyDictionary<string, long> Statuses)
    {
        public static Figures Of(string name, OperationStats stats) =>
            new(name, stats.Requests, Ms(stats, 50), Ms(stats, 95), Ms(stats, 99), stats.ErrorCount, stats.Outcomes);
    }

    private static double Ms(OperationStats stats, double percentile) =>
        stats.Latency.TotalCount == 0 ? 0 : Math.Round(stats.Latency.GetValueAtPercentile(percentile) / 1000.0, 2);

    private static string Detail(Settings settings, OperationStats baseline, OperationStats withBrowsing, Dictionary<string, OperationStats> pages)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"{settings.Bots} linked sandbox bots; inbound at {settings.Rate} msg/s (open model), {settings.BaselineS} s alone then {settings.DurationS} s with {settings.Browsers} browsers going round with no pause. The issue sets no target for this scenario; `msg/s` above is page and API requests per second, its percentiles are over all of them."));
        text.AppendLine();
        text.AppendLine("| page or call | requests | p50 ms | p95 ms | p99 ms | errors |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (name, stats) in pages)
        {
            text.AppendLine(Invariant($"| {name} | {stats.Requests} | {Ms(stats, 50):0.00} | {Ms(stats, 95):0.00} | {Ms(stats, 99):0.00} | {stats.ErrorCount} |"));
        }
        text.AppendLine();
        text.AppendLine("| inbound (202) | sent | not accepted | p50 ms | p95 ms | p99 ms |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (name, stats) in new[] { ("alone (baseline)", baseline), ("while browsing", withBrowsing) })
        {
            text.AppendLine(Invariant($"| {name} | {stats.Requests} | {stats.ErrorCount} | {Ms(stats, 50):0.00} | {Ms(stats, 95):0.00} | {Ms(stats, 99):0.00} |"));
        }
        return text.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    // The line on stderr every second: where the run is and whether anything fails.
    private sealed class Progress(InboundFlow inbound, IReadOnlyList<Browser> browsers)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private string _phase = "";

        public void Enter(string phase)
        {
            _phase = phase;
            _clock.Restart();
        }

        public async Task ReportEverySecondAsync(CancellationToken cancellationToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            try
            {
                while (await timer.WaitForNextTickAsync(cancellationToken))
                {
                    var (sent, notAccepted) = inbound.Counts();
                    Console.Error.WriteLine(Invariant(
                        $"admin: {_phase} {_clock.Elapsed.TotalSeconds:0}s: inbound sent {sent}, not accepted {notAccepted}, in flight {inbound.InFlight}; pages {browsers.Sum(b => b.Requests)}, page errors {browsers.Sum(b => b.Errors)}"));
                }
            }
            catch (OperationCanceledException)
            {
                // The run is over.
            }
        }
    }
}
