using System.Diagnostics;
using System.Net;
using MyChatImposter.LoadTests.Replies;
using MyChatImposter.LoadTests.Results;
using MyChatImposter.LoadTests.Scenarios;
using MyChatImposter.Tests;

namespace MyChatImposter.LoadTests.Anchors;

// The two ratios, measured in one run so the machine's load hits both sides alike: sandbox HTTP ingest
// against a bare Kestrel POST (both driven by wrk, runs alternated), and the in-process pipeline against the
// archive alone (PipelineBenchmark's max-throughput phase).
public static class AnchorsScenario
{
    public const string Name = "anchors";

    public const string Usage = """
        anchors [--connections 128] [--duration 15s] [--warmup 10s] [--runs 3] [--messages 200000] [--producers 512]
                [--correspondents 100] [--results DIR] [--host-dll PATH] [-- host arguments]
          1. wrk (-t2 -c<connections>, load-tests/wrk/sandbox-inbound.lua) posts the same contact messages to a bare
             Kestrel app (its own process: POST /inbound → 202 after reading the JSON body) and to the host's
             sandbox inbound API (one linked sandbox bot, the administrator's session cookie, logging at Warning):
             one warm-up of each, then --runs measured runs of each, alternated (bare, ingest, ingest, bare, ...).
             Each: requests/s, p50/p90/p95/p99, the target process's CPU ms per request.
          2. In-process, on a fresh SQLite file: the archive alone (AppendAsync in the host's batch size), then one
             user's pipeline at max throughput, --messages each from --producers producers over --correspondents.
          Ratios: ingest / bare (target ≥ 0.3), pipeline / archive (target ≥ 0.8). Writes load-tests/results/anchors.json
          and .md; exit 1 on any non-2xx answer, socket error or a message the pipeline lost; 2 without wrk.
        """;

    private static readonly string[] Options =
        ["--connections", "--duration", "--warmup", "--runs", "--messages", "--producers", "--correspondents"];

    public static Task<int> RunAsync(string[] args, string repositoryRoot, CancellationToken cancellationToken) =>
        ReplyReport.RunAsync(Usage, args, Options, async options =>
        {
            var connections = options.Int("--connections", 128);
            var duration = options.PositiveTime("--duration", TimeSpan.FromSeconds(15));
            var warmup = options.Time("--warmup", TimeSpan.FromSeconds(10));
            var runs = options.Int("--runs", 3);
            var messages = options.Int("--messages", 200_000);
            var producers = options.Int("--producers", 512);
            var correspondents = options.Int("--correspondents", 100);
            if (!WrkRun.IsInstalled())
            {
                Console.Error.WriteLine("wrk is not installed: apt-get install -y wrk");
                return 2;
            }
            var machine = MachineInfo.Current();
            var busyBefore = MachineInfo.BusyCpuTime();
            var clock = Stopwatch.StartNew();

            var http = await MeasureHttpAsync(repositoryRoot, options, connections, duration, warmup, runs, correspondents, cancellationToken);
            Console.Error.WriteLine($"pipeline: the archive alone, then the pipeline, {messages} messages each");
            (double ArchiveRowsPerSecond, PipelineBenchmark.ThroughputResult Pipeline) inProcess;
            using (ProgressTicker.Start("pipeline", null, () => "measuring in this process"))
            {
                inProcess = await PipelineBenchmark.MeasureAgainstArchiveAsync(messages, producers, correspondents);
            }
            var busy = MachineInfo.BusyCpuTime() - busyBefore;

            var report = new AnchorsReport(http.Bare, http.Ingest, inProcess.ArchiveRowsPerSecond, inProcess.Pipeline);
            var pipelineSound = PipelineBenchmark.LossFree(inProcess.Pipeline);
            var failures = report.Failures + (pipelineSound ? 0 : 1);
            var extra = report.Extra(new Dictionary<string, object?>
            {
                ["connections"] = connections,
                ["wrk_threads"] = 2,
                ["run_seconds"] = duration.TotalSeconds,
                ["warmup_seconds"] = warmup.TotalSeconds,
                ["runs"] = runs,
                ["pipeline_loss_free"] = pipelineSound,
                ["machine_busy_cores"] = busy is { } b ? Math.Round(b.TotalSeconds / clock.Elapsed.TotalSeconds, 2) : null,
            });
            var result = new ScenarioResult(
                Name, report.IngestRequests, 0, report.IngestNon2xx, 0, report.Ingest.RequestsPerSecond,
                report.Ingest.P50Ms, report.Ingest.P95Ms, report.Ingest.P99Ms, http.HostPeakRssMb, Math.Round(clock.Elapsed.TotalSeconds, 1),
                machine, DateTimeOffset.UtcNow, report.Targets(), extra);
            await ReplyReport.WriteAsync(result, report.Detail(busy, clock.Elapsed), repositoryRoot, options);
            if (!pipelineSound)
            {
                Console.Error.WriteLine($"The pipeline lost messages: {inProcess.Pipeline}");
            }
            return failures == 0 ? 0 : 1;
        });

    private sealed record HttpRuns(IReadOnlyList<WrkFigures> Bare, IReadOnlyList<WrkFigures> Ingest, double HostPeakRssMb);

    private static async Task<HttpRuns> MeasureHttpAsync(
        string repositoryRoot, ScenarioArgs options, int connections, TimeSpan duration, TimeSpan warmup, int runs, int correspondents,
        CancellationToken cancellationToken)
    {
        var script = Path.Combine(repositoryRoot, "load-tests", "wrk", "sandbox-inbound.lua");
        await using var host = await HostUnderTest.StartAsync(repositoryRoot, cancellationToken,
            ["--Logging:LogLevel:Default", "Warning", .. options.HostArguments], options.HostDll);
        // The pid, for perf record -p while wrk runs (see the README).
        Console.Error.WriteLine($"Host: {host.Description}, pid {host.ProcessId}");
        var cookies = new CookieContainer();
        using (var admin = await BridgeIngestBenchmark.SignInAsync(host.BaseAddress, cancellationToken, cookies: cookies))
        {
            // The sandbox scenario's bot and configuration (sandbox.sh measures the same).
            await ReplyBots.SaveAndLinkAsync(admin, SandboxInboundScenario.BotId, ConfigurationDocuments.Valid(SandboxInboundScenario.BotId), cancellationToken);
        }
        await using var bare = await BareKestrel.StartAsync(cancellationToken);
        Console.Error.WriteLine($"Bare Kestrel: {bare.BaseAddress}, pid {bare.ProcessId}");

        var common = new Dictionary<string, string> { ["CORRESPONDENTS"] = correspondents.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var ingestEnvironment = new Dictionary<string, string>(common)
        {
            ["BOT"] = SandboxInboundScenario.BotId,
            ["COOKIE"] = cookies.GetCookieHeader(host.BaseAddress),
        };
        var bareEnvironment = new Dictionary<string, string>(common) { ["TARGET_PATH"] = BareKestrel.InboundPath };
        Task<WrkFigures> Bare(string run, TimeSpan length) =>
            WrkRun.RunAsync(script, "bare", bare.BaseAddress, run, connections, length, bareEnvironment, bare.CpuTime, cancellationToken);
        Task<WrkFigures> Ingest(string run, TimeSpan length) =>
            WrkRun.RunAsync(script, "ingest", host.BaseAddress, run, connections, length, ingestEnvironment,
                () => host.CpuTime() ?? throw new InvalidOperationException(host.ExitedUnexpectedly() ?? "The host stopped."), cancellationToken);

        if (warmup > TimeSpan.Zero)
        {
            await Bare("warmup", warmup);
            await Ingest("warmup", warmup);
        }
        var bareRuns = new List<WrkFigures>();
        var ingestRuns = new List<WrkFigures>();
        for (var run = 1; run <= runs; run++)
        {
            // ABBA: whichever goes second in a pair also goes first in the next, so a drift in the machine's load
            // lands on both targets alike.
            var name = $"m{run}";
            if (run % 2 == 1)
            {
                bareRuns.Add(await Bare(name, duration));
                ingestRuns.Add(await Ingest(name, duration));
            }
            else
            {
                ingestRuns.Add(await Ingest(name, duration));
                bareRuns.Add(await Bare(name, duration));
            }
        }
        if (host.ExitedUnexpectedly() is { } exited)
        {
            throw new InvalidOperationException(exited);
        }
        return new HttpRuns(bareRuns, ingestRuns, Math.Round((host.PeakWorkingSetBytes() ?? 0) / 1024.0 / 1024.0, 1));
    }
}
