using System.Text;
using MyChatImposter.LoadTests.Results;
using static MyChatImposter.LoadTests.Replies.ScenarioArgs;

namespace MyChatImposter.LoadTests.Anchors;

// The mean of a target's measured wrk runs (each percentile averaged over the runs: wrk's histograms cannot be merged).
public sealed record WrkMeans(
    double RequestsPerSecond, double P50Ms, double P90Ms, double P95Ms, double P99Ms, double TargetCores, double TargetCpuMsPerRequest)
{
    public static WrkMeans Of(IReadOnlyList<WrkFigures> runs) => new(
        Mean(runs, run => run.RequestsPerSecond, 1), Mean(runs, run => run.P50Ms, 3), Mean(runs, run => run.P90Ms, 3),
        Mean(runs, run => run.P95Ms, 3), Mean(runs, run => run.P99Ms, 3), Mean(runs, run => run.TargetCores, 2),
        Mean(runs, run => run.TargetCpuMsPerRequest, 4));

    private static double Mean(IReadOnlyList<WrkFigures> runs, Func<WrkFigures, double> figure, int digits) =>
        runs.Count == 0 ? 0 : Math.Round(runs.Average(figure), digits);
}

// The anchors run's figures: both ratios, the targets they are held to, the tables people read.
public sealed class AnchorsReport(
    IReadOnlyList<WrkFigures> bareRuns, IReadOnlyList<WrkFigures> ingestRuns, double archiveRowsPerSecond, PipelineBenchmark.ThroughputResult pipeline)
{
    public const double IngestTarget = 0.3;
    public const double PipelineTarget = 0.8;

    public WrkMeans Bare { get; } = WrkMeans.Of(bareRuns);

    public WrkMeans Ingest { get; } = WrkMeans.Of(ingestRuns);

    public long IngestRequests => ingestRuns.Sum(run => run.Requests);

    public long IngestNon2xx => ingestRuns.Sum(run => run.Non2xx);

    // Any answer but 2xx, from either target, or a socket error: the figures of such a run are not the host's.
    public long Failures => bareRuns.Concat(ingestRuns).Sum(run => run.Non2xx + run.SocketErrors);

    public double IngestOverBare => Ratio(Ingest.RequestsPerSecond, Bare.RequestsPerSecond);

    public double PipelineOverArchive => Ratio(pipeline.MessagesPerSecond, archiveRowsPerSecond);

    // Run n of ingest over run n of bare: taken minutes apart at most, their spread shows how much the machine moved.
    public IReadOnlyList<double> IngestOverBarePerRun =>
        [.. ingestRuns.Zip(bareRuns, (ingest, bare) => Ratio(ingest.RequestsPerSecond, bare.RequestsPerSecond))];

    public IReadOnlyList<TargetCheck> Targets() =>
    [
        new("HTTP ingest ≥ 0.3 × bare Kestrel POST",
            Invariant($"{IngestOverBare:0.00} × ({Ingest.RequestsPerSecond:N0} / {Bare.RequestsPerSecond:N0} req/s{Spread()})"),
            IngestOverBare >= IngestTarget),
        new("in-process pipeline ≥ 0.8 × archive alone",
            Invariant($"{PipelineOverArchive:0.00} × ({pipeline.MessagesPerSecond:N0} msg/s / {archiveRowsPerSecond:N0} rows/s)"),
            PipelineOverArchive >= PipelineTarget),
    ];

    public IReadOnlyDictionary<string, object?> Extra(IReadOnlyDictionary<string, object?> settings)
    {
        var extra = new Dictionary<string, object?>(settings)
        {
            ["ingest_over_bare"] = IngestOverBare,
            ["ingest_over_bare_per_run"] = IngestOverBarePerRun,
            ["pipeline_over_archive"] = PipelineOverArchive,
            ["bare"] = Bare,
            ["ingest"] = Ingest,
            ["ingest_p90_ms"] = Ingest.P90Ms,
            // What the host spends per request beyond what Kestrel alone spends.
            ["host_cpu_ms_per_request_over_bare"] = Math.Round(Ingest.TargetCpuMsPerRequest - Bare.TargetCpuMsPerRequest, 4),
            ["bare_runs"] = bareRuns,
            ["ingest_runs"] = ingestRuns,
            ["archive_alone_rows_per_s"] = Math.Round(archiveRowsPerSecond, 1),
            ["pipeline_msgs_per_s"] = Math.Round(pipeline.MessagesPerSecond, 1),
            ["pipeline"] = pipeline,
        };
        return extra;
    }

    public string Detail(TimeSpan? machineBusy, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine("| target | run | req/s | p50 ms | p90 ms | p95 ms | p99 ms | max ms | non-2xx | socket errors | target cores | target CPU ms/request |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var run in bareRuns.Concat(ingestRuns))
        {
            text.AppendLine(Invariant(
                $"| {run.Target} | {run.Run} | {run.RequestsPerSecond:0} | {run.P50Ms:0.00} | {run.P90Ms:0.00} | {run.P95Ms:0.00} | {run.P99Ms:0.00} | {run.MaxMs:0.0} | {run.Non2xx} | {run.SocketErrors} | {run.TargetCores:0.00} | {run.TargetCpuMsPerRequest:0.0000} |"));
        }
        foreach (var (name, means) in new[] { ("bare", Bare), ("ingest", Ingest) })
        {
            text.AppendLine(Invariant(
                $"| **{name}** | mean | {means.RequestsPerSecond:0} | {means.P50Ms:0.00} | {means.P90Ms:0.00} | {means.P95Ms:0.00} | {means.P99Ms:0.00} | | | | {means.TargetCores:0.00} | {means.TargetCpuMsPerRequest:0.0000} |"));
        }
        text.AppendLine();
        text.AppendLine("| in process | messages | producers | elapsed s | per s | mean batch | archived | feature calls | dead letters |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        text.AppendLine(Invariant($"| archive alone | {pipeline.Messages} | 1 | | {archiveRowsPerSecond:0} | | | | |"));
        text.AppendLine(Invariant(
            $"| pipeline | {pipeline.Messages} | {pipeline.Producers} | {pipeline.ElapsedSeconds:0.00} | {pipeline.MessagesPerSecond:0} | {pipeline.MeanArchiveBatch:0} | {pipeline.Archived} | {pipeline.FeatureCalls} | {pipeline.DeadLetters} |"));
        text.AppendLine();
        text.AppendLine(Invariant(
            $"Ratios: ingest / bare {IngestOverBare:0.00} (per run: {string.Join(", ", IngestOverBarePerRun.Select(ratio => ratio.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))}; target ≥ {IngestTarget}), pipeline / archive {PipelineOverArchive:0.00} (target ≥ {PipelineTarget}). The host spent {Ingest.TargetCpuMsPerRequest - Bare.TargetCpuMsPerRequest:0.0000} ms of CPU per request more than bare Kestrel."));
        if (machineBusy is { } busy)
        {
            text.AppendLine();
            text.AppendLine(Invariant(
                $"The machine was busy {busy.TotalSeconds / elapsed.TotalSeconds:0.00} cores on average over the run (everything: wrk, the targets, the harness and whatever else ran); wrk, the target and the rest share {Environment.ProcessorCount} cores, so a busy machine lowers both sides of a ratio, not always alike."));
        }
        return text.ToString();
    }

    private string Spread() => IngestOverBarePerRun.Count > 1
        ? Invariant($"; per run {IngestOverBarePerRun.Min():0.00}–{IngestOverBarePerRun.Max():0.00}")
        : "";

    private static double Ratio(double numerator, double denominator) => denominator == 0 ? 0 : Math.Round(numerator / denominator, 3);
}
