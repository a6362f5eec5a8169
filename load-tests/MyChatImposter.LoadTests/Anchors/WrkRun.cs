using System.Diagnostics;
using System.Globalization;

namespace MyChatImposter.LoadTests.Anchors;

// One wrk run against one target (load-tests/wrk/sandbox-inbound.lua, whose done hook prints the exact
// figures) with the target process's CPU read before and after: CPU per request is what the target spent.
public sealed record WrkFigures(
    string Target, string Run, int Connections, double DurationS, long Requests, double RequestsPerSecond,
    double P50Ms, double P90Ms, double P95Ms, double P99Ms, double MaxMs, long Non2xx, long SocketErrors,
    double TargetCores, double TargetCpuMsPerRequest);

public static class WrkRun
{
    public const string Executable = "wrk";

    public static bool IsInstalled() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(directory => File.Exists(Path.Combine(directory, Executable)));

    public static async Task<WrkFigures> RunAsync(
        string script, string target, Uri baseAddress, string run, int connections, TimeSpan duration, IReadOnlyDictionary<string, string> environment,
        Func<TimeSpan> targetCpu, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-t2", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", "-s", script, baseAddress.ToString().TrimEnd('/') })
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        start.Environment["RUN"] = run;

        var cpuBefore = targetCpu();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using (ProgressTicker.Start($"{target} {run}", duration, () => $"{target} CPU {(targetCpu() - cpuBefore).TotalSeconds:0.0} s"))
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        var cpu = targetCpu() - cpuBefore;
        var summary = (await output).Split('\n').FirstOrDefault(line => line.StartsWith("anchors-summary ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk ({target} {run}) printed no summary (exit {process.ExitCode}): {await error}{await output}");
        var values = summary.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => long.Parse(pair[1], CultureInfo.InvariantCulture));
        var seconds = values["duration_us"] / 1e6;
        var requests = values["requests"];
        return new WrkFigures(
            target, run, connections, Math.Round(seconds, 2), requests, Math.Round(requests / seconds, 1),
            Ms(values["p50_us"]), Ms(values["p90_us"]), Ms(values["p95_us"]), Ms(values["p99_us"]), Ms(values["max_us"]),
            values["non2xx"], values["connect"] + values["read"] + values["write"] + values["timeout"],
            Math.Round(cpu.TotalSeconds / seconds, 2), requests == 0 ? 0 : Math.Round(cpu.TotalMilliseconds / requests, 4));
    }

    private static double Ms(long microseconds) => Math.Round(microseconds / 1000.0, 3);
}
