using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using HdrHistogram;

namespace MyChatImposter.LoadTests;

public sealed record RunSettings(
    string Scenario, int Users, double? DurationSeconds, long? RequestLimit, double WarmupSeconds, string Target,
    bool Authenticated, int? Rate = null);

// LoadAverage is read before the run: the figures of a machine already busy with other work
// (a build, a test run) are not comparable with those of an idle one.
public sealed record MachineInfo(int Cores, string Cpu, string Os, string Dotnet, string Architecture, string LoadAverage)
{
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        CpuModel(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.OSArchitecture.ToString(),
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "unknown");

    // CPU time all processes and the kernel spent busy since boot (the "cpu" line of /proc/stat, in
    // USER_HZ ticks, 100 a second on Linux); null elsewhere. Compared with the host's and the load
    // generator's own CPU it shows whether something else on the machine competed during the run.
    public static TimeSpan? BusyCpuTime()
    {
        if (!File.Exists("/proc/stat"))
        {
            return null;
        }
        // cpu  user nice system idle iowait irq softirq steal ...
        var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(long.Parse).ToArray();
        var busy = ticks.Sum() - ticks[3] - ticks[4];
        return TimeSpan.FromSeconds(busy / 100.0);
    }

    private static string CpuModel() =>
        OperatingSystem.IsLinux() && File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
                ?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";
}

// CPU is over the measured phase only; the host and the load generator share the machine's cores
// when the host is started here, so both are shown.
public sealed record ResourceFigures(
    double? HostPeakWorkingSetMib, double? HostCpuSeconds, double LoadGeneratorCpuSeconds, double? MachineBusyCpuSeconds);

public sealed record OperationFigures(
    string Operation, long Requests, double RequestsPerSecond,
    double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs, double MeanMs,
    long Errors, IReadOnlyDictionary<string, long> Statuses, IReadOnlyDictionary<string, long> ErrorReasons)
{
    public static OperationFigures From(string operation, OperationStats stats, TimeSpan measured)
    {
        var latency = stats.Latency;
        double Ms(long microseconds) => Math.Round(microseconds / 1000.0, 3);
        double At(double percentile) => latency.TotalCount == 0 ? 0 : Ms(latency.GetValueAtPercentile(percentile));
        return new(
            operation, stats.Requests, Math.Round(stats.Requests / measured.TotalSeconds, 1),
            At(50), At(90), At(99), At(99.9),
            latency.TotalCount == 0 ? 0 : Ms(latency.GetMaxValue()),
            latency.TotalCount == 0 ? 0 : Math.Round(latency.GetMean() / 1000.0, 3),
            stats.ErrorCount, stats.Outcomes, stats.Errors);
    }
}

// The figures of one run, written as JSON (for tools) and Markdown (for people and pull requests).
public sealed record LatencyReport(
    DateTimeOffset FinishedAtUtc,
    RunSettings Settings,
    MachineInfo Machine,
    double MeasuredSeconds,
    ResourceFigures Resources,
    IReadOnlyList<OperationFigures> Operations,
    OperationFigures Overall)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    public static LatencyReport Create(RunSettings settings, MachineInfo machine, RunResult result, long? hostPeakWorkingSetBytes) => new(
        DateTimeOffset.UtcNow,
        settings,
        machine,
        Math.Round(result.Measured.TotalSeconds, 3),
        new ResourceFigures(
            hostPeakWorkingSetBytes is { } bytes ? Math.Round(bytes / 1024.0 / 1024.0, 1) : null,
            result.HostCpu is { } hostCpu ? Math.Round(hostCpu.TotalSeconds, 2) : null,
            Math.Round(result.ClientCpu.TotalSeconds, 2),
            result.MachineBusyCpu is { } busy ? Math.Round(busy.TotalSeconds, 2) : null),
        result.Operations.Select(operation => OperationFigures.From(operation.Name, operation.Stats, result.Measured)).ToList(),
        OperationFigures.From("all", result.Overall, result.Measured));

    public string ToMarkdown()
    {
        var s = Settings;
        var text = new StringBuilder();
        text.AppendLine(Invariant($"## Load scenario `{s.Scenario}` — {FinishedAtUtc:yyyy-MM-dd HH:mm:ss} UTC"));
        text.AppendLine();
        text.AppendLine(Invariant($"- Target: {s.Target}{(s.Authenticated ? ", logged in" : "")}"));
        text.AppendLine(Invariant($"- Virtual users: {s.Users}; measured {MeasuredSeconds:0.0} s after a {s.WarmupSeconds:0.#} s warm-up{(s.RequestLimit is { } limit ? $"; request limit {limit}" : "")}{(s.Rate is { } rate ? $"; open model at {rate} requests/s, latency from each request's scheduled start" : "; closed loop")}"));
        text.AppendLine(Invariant($"- Machine: {Machine.Cores} cores ({Machine.Cpu}), {Machine.Os}, {Machine.Dotnet}, {Machine.Architecture}; load average before the run {Machine.LoadAverage}"));
        text.AppendLine(Invariant($"- Host: peak working set {Describe(Resources.HostPeakWorkingSetMib, "MiB")}, CPU {CpuShare(Resources.HostCpuSeconds)}; load generator CPU {CpuShare(Resources.LoadGeneratorCpuSeconds)}; whole machine busy {CpuShare(Resources.MachineBusyCpuSeconds)}"));
        text.AppendLine();
        text.AppendLine("| operation | requests | req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | errors |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var o in Operations.Append(Overall))
        {
            text.AppendLine(Invariant(
                $"| {o.Operation} | {o.Requests} | {o.RequestsPerSecond:0.0} | {o.P50Ms:0.00} | {o.P90Ms:0.00} | {o.P99Ms:0.00} | {o.P999Ms:0.00} | {o.MaxMs:0.00} | {o.Errors} |"));
        }
        text.AppendLine();
        text.AppendLine("Statuses: " + string.Join("; ", Operations.Select(o => $"{o.Operation} {Counts(o.Statuses)}")));
        var errors = Operations.Where(o => o.Errors > 0).Select(o => $"{o.Operation} {Counts(o.ErrorReasons)}").ToList();
        text.AppendLine("Errors: " + (errors.Count == 0 ? "none" : string.Join("; ", errors)));
        return text.ToString();
    }

    // Returns the paths written.
    public async Task<(string Json, string Markdown)> WriteAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, $"{Settings.Scenario}-{FinishedAtUtc:yyyyMMdd'T'HHmmss'Z'}");
        var (json, markdown) = (stem + ".json", stem + ".md");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(this, Json));
        await File.WriteAllTextAsync(markdown, ToMarkdown());
        return (json, markdown);
    }

    private string CpuShare(double? cpuSeconds) => cpuSeconds is { } cpu
        ? Invariant($"{cpu:0.0} s ({cpu / MeasuredSeconds:0.00} cores)")
        : "not measured";

    private static string Describe(double? value, string unit) =>
        value is { } v ? Invariant($"{v:0.0} {unit}") : "not measured";

    private static string Counts(IReadOnlyDictionary<string, long> counts) =>
        counts.Count == 0 ? "–" : string.Join(", ", counts.Select(pair => $"{pair.Key}×{pair.Value}"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
