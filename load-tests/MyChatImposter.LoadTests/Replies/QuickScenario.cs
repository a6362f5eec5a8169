using System.Diagnostics;
using MyChatImposter.LoadTests.Results;

namespace MyChatImposter.LoadTests.Replies;

// The reply path's smoke test for CI: a small steady run and a short burst on one host, every reply
// accounted for. Under two minutes with the host's start; exit 1 on any lost or duplicated reply.
public static class QuickScenario
{
    public const string Usage = """
        quick [--bots 4] [--correspondents 10] [--rate 100] [--duration 10s] [--burst 1000] [--senders 64] [--drain 30s] [--results DIR] [-- host arguments]
          A small reply run for CI: --bots × --correspondents sandbox bots (as in reply), --rate msg/s for --duration
          (open model), then --burst messages as fast as --senders concurrent requests go, each drained. Writes
          load-tests/results/quick.json and .md; exit 1 on any lost or duplicated reply or failed request.
        """;

    private static readonly string[] Options = ["--bots", "--correspondents", "--rate", "--duration", "--burst", "--senders", "--drain"];

    public static Task<int> RunAsync(string[] args, string repositoryRoot, CancellationToken cancellationToken) =>
        ReplyReport.RunAsync(Usage, args, Options, async options =>
        {
            var bots = options.Int("--bots", 4);
            var correspondents = options.Int("--correspondents", 10);
            var rate = options.Int("--rate", 100);
            var duration = options.PositiveTime("--duration", TimeSpan.FromSeconds(10));
            var burst = options.Int("--burst", 1000);
            var senders = options.Int("--senders", 64);
            var drain = options.PositiveTime("--drain", TimeSpan.FromSeconds(30));
            var machine = MachineInfo.Current();
            var clock = Stopwatch.StartNew();

            await using var run = await ReplyRun.StartAsync(repositoryRoot, bots, correspondents, options.HostArguments, cancellationToken,
                hostDll: options.HostDll);
            var sending = await OpenModelSender.RunAsync(run, "steady", rate, duration, cancellationToken);
            await run.DrainAsync("steady", TimeSpan.FromSeconds(10), drain, cancellationToken);
            var bursting = await BurstSender.RunAsync(run, "burst", burst, senders, run.Conversations, cancellationToken);
            await run.DrainAsync("burst", TimeSpan.FromSeconds(10), drain, cancellationToken);

            var match = await run.FinalMatchAsync(cancellationToken);
            var steady = PhaseFigures.From(run.Ledger, match, "steady", PhaseFigures.StartOf(run.Ledger, "burst"));
            var burstRow = PhaseFigures.From(run.Ledger, match, "burst");
            var failures = steady.Lost + steady.Duplicated + steady.Failed + burstRow.Lost + burstRow.Duplicated + burstRow.Failed;
            var extra = new Dictionary<string, object?>
            {
                ["bots"] = bots,
                ["correspondents"] = correspondents,
                ["steady"] = steady,
                ["schedule_lag"] = sending,
                ["burst"] = burstRow,
                ["burst_sending"] = bursting,
            };
            var verdict = failures == 0
                ? "every accepted message answered, no reply duplicated, no request failed"
                : ScenarioArgs.Invariant($"**FAILED**: {steady.Lost + burstRow.Lost} lost, {steady.Duplicated + burstRow.Duplicated} duplicated, {steady.Failed + burstRow.Failed} failed requests");
            var detail = ReplyReport.Table([steady, burstRow]) + ScenarioArgs.Invariant(
                $"\n{bots} bots × {correspondents} correspondents; steady: {rate} msg/s for {duration.TotalSeconds:0} s (schedule lag p99 {sending.ScheduleLag.P99Ms:0.0} ms); burst: {burst} messages from {senders} concurrent senders, all accepted in {bursting.SecondsToAcceptAll:0.0} s ({bursting.Retries} sent again after a 503). Verdict: {verdict}.\n");
            var result = ReplyReport.Result("quick", steady, run.Host, clock.Elapsed.TotalSeconds,
                [new TargetCheck("no reply lost or duplicated, no request failed", ScenarioArgs.Invariant($"{failures} problems"), failures == 0)],
                extra, machine);
            await ReplyReport.WriteAsync(result, detail, repositoryRoot, options);
            return failures == 0 ? 0 : 1;
        });
}
