using System.Diagnostics;
using MyChatImposter.LoadTests.Results;

namespace MyChatImposter.LoadTests.Replies;

// Issue 17's "how fast does my imposter answer under load": N sandbox bots × M correspondents, the fake LLM
// answering at once, no quiet period, no pacing; open-model rates one after another on one host, each
// drained before the next; then a closed loop for the most replies a second the host delivers.
public static class ReplyScenario
{
    public const string Usage = """
        reply [--bots 20] [--correspondents 50] [--rates 200,500,1000] [--duration 20s] [--warmup 5s] [--saturation 10s] [--drain 60s] [--results DIR] [-- host arguments]
          Starts the Release host, links --bots sandbox bots each answering --correspondents correspondents (fake LLM,
          AutoReply:QuietPeriod 0, no delivery pacing, typing off, caps at their maximum), warms up at the first rate,
          then for each rate sends rate × duration messages on schedule (open model) and waits until every accepted
          message is answered (at most --drain; 10 s without a reply ends it). Then --saturation of closed loop: every
          conversation writes again as soon as it is answered (0: skip). Latency: inbound 202 → the reply's sent_at in
          the host's outbound log. Writes load-tests/results/reply.json and .md; exit 1 on any lost or duplicated
          reply or failed request.
        """;

    private static readonly string[] Options = ["--bots", "--correspondents", "--rates", "--duration", "--warmup", "--saturation", "--drain"];

    public static Task<int> RunAsync(string[] args, string repositoryRoot, CancellationToken cancellationToken) =>
        ReplyReport.RunAsync(Usage, args, Options, async options =>
        {
            var bots = options.Int("--bots", 20);
            var correspondents = options.Int("--correspondents", 50);
            var rates = options.Ints("--rates", [200, 500, 1000]);
            var duration = options.PositiveTime("--duration", TimeSpan.FromSeconds(20));
            var warmup = options.Time("--warmup", TimeSpan.FromSeconds(5));
            var saturation = options.Time("--saturation", TimeSpan.FromSeconds(10));
            var drain = options.PositiveTime("--drain", TimeSpan.FromSeconds(60));
            var machine = MachineInfo.Current();
            var clock = Stopwatch.StartNew();

            await using var run = await ReplyRun.StartAsync(repositoryRoot, bots, correspondents, options.HostArguments, cancellationToken,
                hostDll: options.HostDll);
            if (warmup > TimeSpan.Zero)
            {
                await OpenModelSender.RunAsync(run, "warmup", rates[0], warmup, cancellationToken);
                await run.DrainAsync("warmup", TimeSpan.FromSeconds(10), drain, cancellationToken);
            }
            var sendings = new List<OpenModelSender.Sending>();
            var cpu = new List<CpuUse>();
            foreach (var rate in rates)
            {
                var cpuBefore = CpuUse.Now(run.Host);
                var sending = await OpenModelSender.RunAsync(run, Phase(rate), rate, duration, cancellationToken);
                await run.DrainAsync(sending.Phase, TimeSpan.FromSeconds(10), drain, cancellationToken);
                cpu.Add(CpuUse.Now(run.Host) - cpuBefore);
                sendings.Add(sending);
            }
            ClosedLoopSender.Saturation? saturated = null;
            if (saturation > TimeSpan.Zero)
            {
                saturated = await ClosedLoopSender.RunAsync(run, "saturation", saturation, cancellationToken);
                await run.DrainAsync("saturation", TimeSpan.FromSeconds(10), drain, cancellationToken);
            }

            var match = await run.FinalMatchAsync(cancellationToken);
            var phases = rates.Select(Phase).Append("saturation").ToList();
            var rows = rates.Select((rate, index) => PhaseFigures.From(run.Ledger, match, Phase(rate), PhaseFigures.StartOf(run.Ledger, phases[index + 1]))).ToList();
            var saturationRow = saturated is null ? null : PhaseFigures.From(run.Ledger, match, "saturation");
            var headline = rows[^1];
            var failures = rows.Append(saturationRow).OfType<PhaseFigures>().Sum(row => row.Lost + row.Duplicated + row.Failed);

            var targets = new List<TargetCheck>();
            if (rates[^1] >= 1000)
            {
                targets.Add(new TargetCheck("reply p99 ≤ 50 ms at 1,000 msg/s (inbound 202 → reply sent)",
                    ScenarioArgs.Invariant($"{headline.AcceptedToReply.P99Ms:0.0} ms at {rates[^1]} msg/s ({headline.AcceptedPerSecond:0} accepted/s)"),
                    headline.AcceptedToReply.P99Ms <= 50 && headline.Lost == 0 && headline.AcceptedPerSecond >= rates[^1] * 0.95));
            }
            var extra = new Dictionary<string, object?>
            {
                ["bots"] = bots,
                ["correspondents"] = correspondents,
                ["duration_per_rate_s"] = duration.TotalSeconds,
                ["host_arguments"] = string.Join(' ', ReplyBots.HostArguments("<data>/outbound.jsonl").Concat(options.HostArguments)),
                ["rates"] = rows,
                ["schedule_lag"] = sendings,
                ["cpu_s_per_rate"] = cpu,
                ["saturation"] = saturated,
                ["saturation_phase"] = saturationRow,
            };
            var detail = ReplyReport.Table(rows.Append(saturationRow).OfType<PhaseFigures>())
                + "\n" + string.Join("\n", sendings.Select((sending, index) => ScenarioArgs.Invariant(
                    $"- {sending.Phase}: {sending.Started} messages scheduled over {duration.TotalSeconds:0} s, sent in {sending.Seconds:0.0} s; start lag behind schedule p99 {sending.ScheduleLag.P99Ms:0.0} ms, max {sending.ScheduleLag.MaxMs:0.0} ms; CPU (sending and draining): host {cpu[index].HostS:0.0} s, harness {cpu[index].HarnessS:0.0} s, whole machine {cpu[index].MachineS:0.0} s")))
                + (saturated is null ? "" : ScenarioArgs.Invariant(
                    $"\n- **Saturation** (closed loop, {run.Conversations.Count} conversations each waiting for its reply): **{saturated.RepliesPerSecond:0} replies/s** over {saturated.Seconds:0} s ({saturated.TimedOut} conversations gave up after 30 s without a reply)"))
                + ScenarioArgs.Invariant($"\n\n{bots} bots × {correspondents} correspondents, fake LLM, no quiet period, no pacing, typing off; the headline row is the highest rate. Latency: the inbound request's 202 (harness clock) → the reply's sent_at (the host's outbound log, same machine clock). Replies sent before their message's 202 arrived count as 0 ms.\n");
            var result = ReplyReport.Result("reply", headline, run.Host, clock.Elapsed.TotalSeconds, targets, extra, machine);
            await ReplyReport.WriteAsync(result, detail, repositoryRoot, options);
            return failures == 0 ? 0 : 1;
        });

    // CPU seconds used so far by the host, this harness and the whole machine (all cores): whether the host got
    // the machine or shared it with others.
    public sealed record CpuUse(double HostS, double HarnessS, double MachineS)
    {
        public static CpuUse Now(HostUnderTest host) => new(
            host.CpuTime()?.TotalSeconds ?? 0, Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds,
            MachineInfo.BusyCpuTime()?.TotalSeconds ?? 0);

        public static CpuUse operator -(CpuUse after, CpuUse before) => new(
            Math.Round(after.HostS - before.HostS, 2), Math.Round(after.HarnessS - before.HarnessS, 2), Math.Round(after.MachineS - before.MachineS, 2));
    }

    private static string Phase(int rate) => ScenarioArgs.Invariant($"rate-{rate}");
}
