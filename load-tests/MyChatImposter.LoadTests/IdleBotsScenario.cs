using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MyChatImposter.LoadTests.Results;
using MyChatImposter.Tests;

namespace MyChatImposter.LoadTests;

// Issue 17, `idle-bots`: how many bots fit on a server. Saves --bots sandbox configurations, links every one,
// then leaves them idle and reads the host's resident memory: what an idle linked bot costs, and how fast bots
// are created and linked. A few bots then get one message each, to show they still take messages.
public static class IdleBotsScenario
{
    public const string Name = "idle-bots";

    public const string Usage = """
        idle-bots [--bots 10000] [--parallel 16] [--settle 10] [--check 5] [--auto-reply] [--workstation-gc] [--host-dll PATH] [-- host arguments]
          Starts the Release host (logging at Warning), signs in as the administrator, reads its resident memory
          (VmRSS), saves --bots configurations (PUT /api/external/users/{id}, sandbox provider) and then links each
          (POST .../actions/link, then GET .../status must say connected), --parallel requests at a time, timing
          creations/s and links/s apart. It then waits --settle seconds, sampling VmRSS every second (the host
          offers no way to force a collection), and reports the steady RSS (median of the samples), the peak
          (VmHWM), and (after - before) / bots per bot. Finally --check bots get one sandbox message each (202).
          --auto-reply: the bots have automatic_bot_reply enabled (fake LLM), so their pipelines have feature
          lanes; off by default, as a saved sandbox bot is.
          --workstation-gc: start the host with DOTNET_gcServer=0 (the host is built for the server GC, which keeps
          more memory committed after a burst), to compare.
          --host-dll: the host build to start (default: this repository's Release build), e.g. an older commit's.
          Exit code 1 when any save, link, status or check message failed; 2 for a bad option.
        """;

    private const int TargetBots = 10_000;
    private const double TargetRssMb = 500;
    private const double TargetKbPerBot = 40;

    public sealed record Settings(
        int Bots, int Parallel, int SettleSeconds, int Check, bool AutoReply, bool WorkstationGc, string? HostDll, string[] HostArguments);

    public static async Task<int> RunAsync(string[] args, string repositoryRoot, CancellationToken cancellationToken)
    {
        if (args.Contains("--help"))
        {
            Console.WriteLine(Usage);
            return 0;
        }
        Settings settings;
        try
        {
            settings = Parse(args);
        }
        catch (ArgumentException bad)
        {
            Console.Error.WriteLine($"idle-bots: {bad.Message} (--help for the options)");
            return 2;
        }

        var machine = MachineInfo.Current();
        if (settings.WorkstationGc)
        {
            // The host inherits this process's environment; the harness's own GC mode is fixed already.
            Environment.SetEnvironmentVariable("DOTNET_gcServer", "0");
        }
        await using var host = await HostUnderTest.StartAsync(repositoryRoot, cancellationToken,
            ["--Logging:LogLevel:Default", "Warning", .. settings.HostArguments], settings.HostDll);
        Console.Error.WriteLine($"idle-bots: {settings.Bots} bots against {host.Description}");
        using var admin = await BridgeIngestBenchmark.SignInAsync(host.BaseAddress, cancellationToken);
        var clock = Stopwatch.StartNew();
        var rssBefore = await SteadyRssAsync(host, TimeSpan.FromSeconds(3), cancellationToken);

        var run = new Run(settings.Bots);
        using var progress = new Progress(run, clock);
        var ids = Enumerable.Range(0, settings.Bots).Select(index => $"idle-{index:D5}").ToList();

        var creating = Stopwatch.StartNew();
        await ForEachAsync(ids, settings.Parallel, async (id, token) =>
        {
            var document = ConfigurationDocuments.Valid(id);
            if (settings.AutoReply)
            {
                document = document.With("features.automatic_bot_reply.enabled", true);
            }
            using var saved = await admin.PutAsync($"/api/external/users/{id}",
                new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json"), token);
            run.Count(saved.IsSuccessStatusCode ? null : $"save {(int)saved.StatusCode}", ref run.Created);
        }, cancellationToken);
        creating.Stop();
        // Saved but not linked: splits what a configuration costs the host from what a live session does.
        run.Phase = "saved";
        var rssSaved = await SteadyRssAsync(host, TimeSpan.FromSeconds(3), cancellationToken);

        run.Phase = "linking";
        var linking = Stopwatch.StartNew();
        await ForEachAsync(ids, settings.Parallel, async (id, token) =>
        {
            var started = Stopwatch.GetTimestamp();
            using var linked = await admin.PostAsync($"/api/external/users/{id}/actions/link", null, token);
            run.LinkLatencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (!linked.IsSuccessStatusCode)
            {
                run.Count($"link {(int)linked.StatusCode}", ref run.Linked);
                return;
            }
            // The sandbox reports connected before the link call returns: the first answer must say so.
            using var status = await admin.GetAsync($"/api/external/users/{id}/status", token);
            var said = status.IsSuccessStatusCode ? (string?)JsonNode.Parse(await status.Content.ReadAsStringAsync(token))?["status"] : null;
            run.Count(said == "connected" ? null : $"status {(int)status.StatusCode} {said}", ref run.Linked);
        }, cancellationToken);
        linking.Stop();

        // No collection can be forced from outside: let the host go quiet and take the median of what it holds.
        run.Phase = "settling";
        var samples = await SampleRssAsync(host, TimeSpan.FromSeconds(settings.SettleSeconds), cancellationToken);
        var rssAfter = Median(samples);
        var peak = host.PeakWorkingSetBytes() ?? 0;
        var threads = Threads(host);

        run.Phase = "checking";
        var accepted = 0;
        foreach (var id in ids.Take(settings.Check))
        {
            using var response = await admin.PostAsJsonAsync($"/api/external/users/{id}/sandbox/inbound",
                new { message_id = $"{id}-check", correspondent_id = "33610000001@s.whatsapp.net", display_name = "Check", text = "Still there?" },
                cancellationToken);
            accepted += response.StatusCode == HttpStatusCode.Accepted ? 1 : 0;
        }
        run.Phase = "done";
        if (host.ExitedUnexpectedly() is { } exited)
        {
            Console.Error.WriteLine(exited);
        }

        var result = Report(settings, machine, run, rssBefore, rssSaved, rssAfter, peak, threads, samples, creating.Elapsed, linking.Elapsed,
            Math.Min(settings.Check, ids.Count), accepted, clock.Elapsed);
        var detail = Detail(result);
        var (json, markdown) = await result.WriteAsync(Path.Combine(repositoryRoot, "load-tests", "results"), detail);
        Console.WriteLine(result.ToMarkdown(detail));
        Console.Error.WriteLine($"Wrote {json} and {markdown}");
        foreach (var (error, count) in run.Errors)
        {
            Console.Error.WriteLine($"idle-bots: {count} × {error}");
        }
        return run.Errors.IsEmpty && result.Lost == 0 ? 0 : 1;
    }

    private static ScenarioResult Report(
        Settings settings, MachineInfo machine, Run run, long rssBefore, long rssSaved, long rssAfter, long peak, int? threads, IReadOnlyList<long> samples,
        TimeSpan creating, TimeSpan linking, int checkSent, int checkAccepted, TimeSpan duration)
    {
        static double Mb(long bytes) => Math.Round(bytes / 1024.0 / 1024.0, 1);
        var perBotKb = Math.Round((rssAfter - rssBefore) / 1024.0 / settings.Bots, 1);
        var linksPerS = Math.Round(settings.Bots / linking.TotalSeconds, 1);
        var latencies = run.LinkLatencies.Order().ToList();
        // A smaller run says what 10,000 would take at the same cost per bot, and says that it is extrapolated.
        var at10k = Mb(rssBefore) + perBotKb * TargetBots / 1024.0;
        var measuredAt = settings.Bots == TargetBots
            ? Invariant($"{Mb(rssAfter):0} MB")
            : Invariant($"{at10k:0} MB (extrapolated from {settings.Bots:N0} bots)");
        return new ScenarioResult(
            Name, checkSent, 0, checkSent - checkAccepted, 0, linksPerS,
            Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99),
            Mb(peak), Math.Round(duration.TotalSeconds, 1), machine, DateTimeOffset.UtcNow,
            [
                new TargetCheck("10,000 idle linked bots ≤ 500 MB RSS", measuredAt, (settings.Bots == TargetBots ? Mb(rssAfter) : at10k) <= TargetRssMb),
                new TargetCheck("≤ 40 KB RSS per idle linked bot", Invariant($"{perBotKb:0.0} KB"), perBotKb <= TargetKbPerBot),
            ],
            new Dictionary<string, object?>
            {
                ["bots"] = settings.Bots,
                ["parallel"] = settings.Parallel,
                ["auto_reply"] = settings.AutoReply,
                ["host_gc"] = settings.WorkstationGc ? "workstation (DOTNET_gcServer=0)" : "server (the host's build setting)",
                ["host_threads"] = threads,
                ["rss_before_mb"] = Mb(rssBefore),
                ["rss_saved_mb"] = Mb(rssSaved),
                ["rss_after_mb"] = Mb(rssAfter),
                ["rss_per_bot_kb"] = perBotKb,
                ["rss_per_saved_configuration_kb"] = Math.Round((rssSaved - rssBefore) / 1024.0 / settings.Bots, 1),
                ["rss_per_link_kb"] = Math.Round((rssAfter - rssSaved) / 1024.0 / settings.Bots, 1),
                ["rss_at_10000_bots_mb"] = Math.Round(at10k, 1),
                ["settle_rss_samples_mb"] = samples.Select(Mb).ToList(),
                ["creates_per_s"] = Math.Round(settings.Bots / creating.TotalSeconds, 1),
                ["create_seconds"] = Math.Round(creating.TotalSeconds, 1),
                ["links_per_s"] = linksPerS,
                ["link_seconds"] = Math.Round(linking.TotalSeconds, 1),
                ["errors"] = run.Errors.ToDictionary(pair => pair.Key, pair => (object?)pair.Value),
                ["host_arguments"] = string.Join(' ', settings.HostArguments),
                ["host_dll"] = settings.HostDll,
            });
    }

    private static string Detail(ScenarioResult result)
    {
        var extra = result.Extra;
        return Invariant($"""
            {extra["bots"]:N0} idle linked sandbox bots (auto-reply {((bool)extra["auto_reply"]! ? "on" : "off")}), {extra["parallel"]} requests at a time, {extra["host_gc"]} GC, {extra["host_threads"]} host threads after settling.

            | RSS before | saved, not linked | linked | per bot (saved + linked) | peak (VmHWM) | at 10,000 bots | creates/s | links/s | link p50 / p99 ms |
            | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
            | {extra["rss_before_mb"]} MB | {extra["rss_saved_mb"]} MB | {extra["rss_after_mb"]} MB | {extra["rss_per_bot_kb"]} KB ({extra["rss_per_saved_configuration_kb"]} + {extra["rss_per_link_kb"]}) | {result.PeakRssMb} MB | {extra["rss_at_10000_bots_mb"]} MB | {extra["creates_per_s"]} | {extra["links_per_s"]} | {result.P50Ms:0.0} / {result.P99Ms:0.0} |

            RSS figures are medians of samples taken once a second while the host sat idle (3 s after saving, --settle s after
            linking). Above, `msg/s` is links/s, `sent` the check messages (one each to the first bots, 202 expected) and
            the percentiles those of the link calls.
            """);
    }

    private static Settings Parse(string[] args)
    {
        (args, var hostArguments) = PipelineBenchmark.SplitHostArguments(args);
        var (bots, parallel, settle, check, autoReply, workstationGc, hostDll) = (TargetBots, 16, 10, 5, false, false, (string?)null);
        for (var index = 0; index < args.Length; index++)
        {
            string Value() => index + 1 < args.Length ? args[++index] : throw new ArgumentException($"{args[index]} needs a value.");
            int Count(int min, int max)
            {
                var name = args[index];
                var text = Value();
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                    ? value
                    : throw new ArgumentException($"{name} {text}: a whole number from {min} to {max}.");
            }
            switch (args[index])
            {
                case "--bots": bots = Count(1, 100_000); break;
                case "--parallel": parallel = Count(1, 256); break;
                case "--settle": settle = Count(1, 600); break;
                case "--check": check = Count(0, 1_000); break;
                case "--auto-reply": autoReply = true; break;
                case "--workstation-gc": workstationGc = true; break;
                case "--host-dll": hostDll = Value(); break;
                default: throw new ArgumentException($"unknown option {args[index]}.");
            }
        }
        return new Settings(bots, parallel, settle, check, autoReply, workstationGc, hostDll, hostArguments);
    }

    private static Task ForEachAsync(IEnumerable<string> ids, int parallel, Func<string, CancellationToken, ValueTask> body, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, body);

    private static async Task<long> SteadyRssAsync(HostUnderTest host, TimeSpan over, CancellationToken cancellationToken) =>
        Median(await SampleRssAsync(host, over, cancellationToken));

    private static async Task<List<long>> SampleRssAsync(HostUnderTest host, TimeSpan over, CancellationToken cancellationToken)
    {
        var samples = new List<long>();
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
        do
        {
            samples.Add(host.WorkingSetBytes() ?? throw new InvalidOperationException("The host is not running."));
        }
        while (samples.Count <= over.TotalSeconds && await tick.WaitForNextTickAsync(cancellationToken));
        return samples;
    }

    // The host's thread count (each thread's stack is resident memory too); null where /proc is not.
    private static int? Threads(HostUnderTest host) =>
        host.ProcessId is { } pid && File.Exists($"/proc/{pid}/status")
            ? File.ReadLines($"/proc/{pid}/status").Where(line => line.StartsWith("Threads:", StringComparison.Ordinal))
                .Select(line => (int?)int.Parse(line[8..].Trim(), CultureInfo.InvariantCulture)).FirstOrDefault()
            : null;

    private static long Median(IReadOnlyList<long> values) => values.Order().ElementAt(values.Count / 2);

    private static double Percentile(IReadOnlyList<double> sorted, double at) =>
        sorted.Count == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Count - 1, (int)(at * sorted.Count))], 2);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class Run(int bots)
    {
        public int Created;
        public int Linked;

        public int Bots { get; } = bots;

        public volatile string Phase = "creating";

        public ConcurrentBag<double> LinkLatencies { get; } = [];

        public ConcurrentDictionary<string, int> Errors { get; } = new(StringComparer.Ordinal);

        public int ErrorCount => Errors.Values.Sum();

        public void Count(string? error, ref int done)
        {
            Interlocked.Increment(ref done);
            if (error is not null)
            {
                Errors.AddOrUpdate(error, 1, (_, count) => count + 1);
            }
        }
    }

    // One line a second on stderr while the run goes.
    private sealed class Progress : IDisposable
    {
        private readonly Timer _timer;

        public Progress(Run run, Stopwatch clock) =>
            _timer = new Timer(_ => Console.Error.WriteLine(Invariant(
                $"idle-bots: {clock.Elapsed.TotalSeconds,6:0.0} s  {run.Phase,-9} created {Volatile.Read(ref run.Created)}/{run.Bots}  linked {Volatile.Read(ref run.Linked)}/{run.Bots}  errors {run.ErrorCount}")),
                null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        public void Dispose() => _timer.Dispose();
    }
}
