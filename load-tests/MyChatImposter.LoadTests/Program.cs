using System.Runtime.InteropServices;
using MyChatImposter.LoadTests;
using MyChatImposter.LoadTests.Admin;
using MyChatImposter.LoadTests.Anchors;
using MyChatImposter.LoadTests.Replies;
using MyChatImposter.LoadTests.Scenarios;

IScenario[] scenarios = [new ConfigurationsScenario(), new SandboxInboundScenario()];

// The in-process pipeline benchmark has no HTTP host and no virtual users: it has its own runner.
if (args is ["pipeline", ..])
{
    return await PipelineBenchmark.RunAsync(args[1..],
        Path.Combine(FindRepositoryRoot() ?? Directory.GetCurrentDirectory(), "load-tests", "reports"));
}

// The anchors' bare Kestrel app: the anchors scenario starts the harness again with this hidden sub-command.
if (args is [BareKestrel.SubCommand, ..])
{
    return await BareKestrel.ServeAsync(args[1..]);
}

// Scenarios with runners of their own, each given its arguments, the repository root and a token that Ctrl+C
// cancels. The reply scenarios, anchors, admin and idle-bots write load-tests/results/<scenario>.json and .md.
static string Reports(string root) => Path.Combine(root, "load-tests", "reports");
var ownRunners = new Dictionary<string, Func<string[], string, CancellationToken, Task<int>>>(StringComparer.Ordinal)
{
    ["login-flood"] = (rest, root, stop) => LoginFloodBenchmark.RunAsync(rest, root, Reports(root), stop),
    ["bridge-ingest"] = (rest, root, stop) => BridgeIngestBenchmark.RunAsync(rest, root, Reports(root), stop),
    ["group-digest"] = (rest, root, stop) => GroupDigestBenchmark.RunAsync(rest, root, Reports(root), stop),
    ["reply"] = ReplyScenario.RunAsync,
    ["quick"] = QuickScenario.RunAsync,
    ["burst"] = BurstScenario.RunAsync,
    ["slow-llm"] = SlowLlmScenario.RunAsync,
    ["crash"] = CrashScenario.RunAsync,
    [AnchorsScenario.Name] = AnchorsScenario.RunAsync,
    [AdminBrowsingScenario.Name] = AdminBrowsingScenario.RunAsync,
    [IdleBotsScenario.Name] = IdleBotsScenario.RunAsync,
};
if (args is [var runnerName, ..] && ownRunners.TryGetValue(runnerName, out var runner))
{
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
    var root = FindRepositoryRoot() ?? throw new InvalidOperationException("MyChatImposter.sln not found above this program.");
    return await runner(args[1..], root, stop.Token);
}

LoadTestOptions options;
try
{
    options = LoadTestOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine();
    Console.Error.WriteLine(LoadTestOptions.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(LoadTestOptions.Usage);
    return 0;
}
var scenario = scenarios.FirstOrDefault(s => s.Name == options.Scenario);
if (scenario is null)
{
    Console.Error.WriteLine($"Unknown scenario '{options.Scenario}'. Known: {string.Join(", ", scenarios.Select(s => s.Name))}.");
    return 2;
}

// Ctrl+C or a SIGTERM stops sending and shuts the host down properly instead of leaving it running.
using var interrupted = new CancellationTokenSource();
void Interrupt(PosixSignalContext context)
{
    context.Cancel = true;
    interrupted.Cancel();
}
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);

var machine = MachineInfo.Current();
var repositoryRoot = FindRepositoryRoot();
try
{
    await using var host = options.Url is { } url
        ? await HostUnderTest.ConnectAsync(url, interrupted.Token)
        : await HostUnderTest.StartAsync(
            repositoryRoot ?? throw new InvalidOperationException("MyChatImposter.sln not found above this program or the current directory; pass --url."),
            interrupted.Token);

    Console.Error.WriteLine($"Running '{scenario.Name}' against {host.Description} with {options.Users} virtual users...");
    var result = await new ScenarioRunner(scenario, options).RunAsync(host, interrupted.Token);
    if (interrupted.IsCancellationRequested)
    {
        Console.Error.WriteLine("Interrupted: no report written.");
        return 130;
    }

    // Read before the host stops; a host that died mid-run explains every error in the report.
    var peakMemory = host.PeakWorkingSetBytes();
    if (host.ExitedUnexpectedly() is { } exited)
    {
        Console.Error.WriteLine(exited);
    }

    var report = LatencyReport.Create(
        new RunSettings(
            scenario.Name, options.Users, options.EffectiveDuration?.TotalSeconds, options.Requests,
            options.Warmup.TotalSeconds, host.Description, options.User is not null, options.Rate),
        machine,
        result,
        peakMemory);
    var reportDirectory = Path.Combine(repositoryRoot ?? Directory.GetCurrentDirectory(), "load-tests", "reports");
    var (json, markdown) = await report.WriteAsync(reportDirectory);

    Console.WriteLine(report.ToMarkdown());
    Console.Error.WriteLine($"Wrote {json} and {markdown}");
    return report.Overall.Errors == 0 ? 0 : 1;
}
catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
{
    Console.Error.WriteLine("Interrupted: no report written.");
    return 130;
}
catch (InvalidOperationException e)
{
    // A host that would not start or a login that failed: say why, loudly, and fail.
    Console.Error.WriteLine(e.Message);
    return 1;
}

// The repository root holds MyChatImposter.sln; look above the binaries first (dotnet run from
// anywhere), then above the current directory (the published program run from inside a clone).
static string? FindRepositoryRoot()
{
    foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MyChatImposter.sln")))
            {
                return directory.FullName;
            }
        }
    }
    return null;
}
