using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MyChatImposter.LoadTests.Results;

// The figures every load scenario reports, in one shape: load-tests/results/<scenario>.json holds the latest
// run of each (committed, so a change that slows the host shows in its diff) and <scenario>.md says the same
// for people. Extra carries what only that scenario measures (per-rate rows, RSS per bot, the anchors).
public sealed record ScenarioResult(
    string Scenario,
    long MessagesSent,
    long RepliesReceived,
    long Lost,
    long Duplicated,
    double ThroughputMsgsPerS,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double PeakRssMb,
    double DurationS,
    MachineInfo Machine,
    DateTimeOffset FinishedAtUtc,
    IReadOnlyList<TargetCheck> Targets,
    IReadOnlyDictionary<string, object?> Extra)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public bool TargetsMet => Targets.All(target => target.Met);

    // Markdown: a headline table, the targets, then whatever the scenario adds (detail).
    public string ToMarkdown(string? detail = null)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"## `{Scenario}` — {FinishedAtUtc:yyyy-MM-dd HH:mm:ss} UTC"));
        text.AppendLine();
        text.AppendLine(Invariant($"Machine: {Machine.Cores} cores ({Machine.Cpu}), {Machine.Os}, {Machine.Dotnet}; load average before {Machine.LoadAverage}"));
        text.AppendLine();
        text.AppendLine("| sent | replies | lost | duplicated | msg/s | p50 ms | p95 ms | p99 ms | peak RSS MB | duration s |");
        text.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        text.AppendLine(Invariant(
            $"| {MessagesSent} | {RepliesReceived} | {Lost} | {Duplicated} | {ThroughputMsgsPerS:0.0} | {P50Ms:0.00} | {P95Ms:0.00} | {P99Ms:0.00} | {PeakRssMb:0.0} | {DurationS:0.0} |"));
        if (Targets.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("| target | measured | met |");
            text.AppendLine("| --- | --- | --- |");
            foreach (var target in Targets)
            {
                text.AppendLine($"| {target.Target} | {target.Measured} | {(target.Met ? "yes" : "**no**")} |");
            }
        }
        if (!string.IsNullOrWhiteSpace(detail))
        {
            text.AppendLine();
            text.AppendLine(detail.TrimEnd());
        }
        return text.ToString();
    }

    // Overwrites the scenario's files: the folder keeps the latest figures of each scenario, not a history
    // (git has that). Returns the paths written.
    public async Task<(string Json, string Markdown)> WriteAsync(string resultsDirectory, string? detail = null)
    {
        Directory.CreateDirectory(resultsDirectory);
        var stem = Path.Combine(resultsDirectory, Scenario);
        var (json, markdown) = (stem + ".json", stem + ".md");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(this, Json) + "\n");
        await File.WriteAllTextAsync(markdown, ToMarkdown(detail));
        return (json, markdown);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

// One of the issue's targets, as measured in this run: "reply p99 at 1,000 msg/s ≤ 50 ms" / "12.3 ms".
public sealed record TargetCheck(string Target, string Measured, bool Met);
