using System.Diagnostics;
using MyChatImposter.LoadTests.Results;

namespace MyChatImposter.LoadTests.Replies;

// Issue 17's burst: 50,000 messages to one bot at once, as fast as the host takes them, then every reply.
// Nothing may be lost or answered twice, and the host's memory should stay bounded by the pipeline's stage
// capacities (Pipeline:StageCapacity, FeatureLanes × FeatureLaneCapacity), not grow with the burst.
public static class BurstScenario
{
    public const string Usage = """
        burst [--messages 50000] [--senders 256] [--correspondents 50] [--drain 300s] [--results DIR] [-- host arguments]
          Starts the Release host, links one sandbox bot answering --correspondents correspondents (fake LLM, no quiet
          period, no pacing, as in reply), warms up with 1,000 messages, then writes --messages messages from --senders
          concurrent requests (a 503 is sent again) and waits for every reply (at most --drain; 30 s without a reply
          ends it). Reports the time to accept all, the time to the last reply, the host's resident memory before,
          at its peak (sampled every 100 ms) and after. Writes load-tests/results/burst.json and .md; exit 1 on any
          lost or duplicated reply or failed request.
        """;

    private static readonly string[] Options = ["--messages", "--senders", "--correspondents", "--drain"];

    public static Task<int> RunAsync(string[] args, string repositoryRoot, CancellationToken cancellationToken) =>
        ReplyReport.RunAsync(Usage, args, Options, async options =>
        {
            var messages = options.Int("--messages", 50_000);
            var senders = options.Int("--senders", 256);
            var correspondents = options.Int("--correspondents", 50);
            var drain = options.PositiveTime("--drain", TimeSpan.FromSeconds(300));
            var machine = MachineInfo.Current();
            var clock = Stopwatch.StartNew();

            await using var run = await ReplyRun.StartAsync(repositoryRoot, 1, correspondents, options.HostArguments, cancellationToken,
                hostDll: options.HostDll);
            await BurstSender.RunAsync(run, "warmup", 1_000, Math.Min(senders, 32), run.Conversations, cancellationToken);
            await run.DrainAsync("warmup", TimeSpan.FromSeconds(10), drain, cancellationToken);

            var started = DateTimeOffset.UtcNow;
            BurstSender.Burst burst;
            TimeSpan drained;
            long rssBefore, rssPeak;
            await using (var memory = new MemorySampler(run.Host))
            {
                burst = await BurstSender.RunAsync(run, "burst", messages, senders, run.Conversations, cancellationToken);
                drained = await run.DrainAsync("burst", TimeSpan.FromSeconds(30), drain, cancellationToken);
                (rssBefore, rssPeak) = (memory.Before, memory.Peak);
            }
            var rssAfter = run.Host.WorkingSetBytes() ?? 0;

            var match = await run.FinalMatchAsync(cancellationToken);
            var row = PhaseFigures.From(run.Ledger, match, "burst");
            var lastReply = run.Ledger.Messages("burst").Select(match.AnswerTo).OfType<SeenReply>().Select(reply => reply.SentAt)
                .DefaultIfEmpty(started).Max();
            var secondsToLastReply = Math.Round((lastReply - started).TotalSeconds, 2);
            var failures = row.Lost + row.Duplicated + row.Failed;
            var extra = new Dictionary<string, object?>
            {
                ["messages"] = messages,
                ["senders"] = senders,
                ["correspondents"] = correspondents,
                ["accepted"] = row.Accepted,
                ["seconds_to_accept_all"] = burst.SecondsToAcceptAll,
                ["seconds_to_last_reply"] = secondsToLastReply,
                ["drain_seconds"] = Math.Round(drained.TotalSeconds, 2),
                ["sent_again_after_503"] = burst.Retries,
                ["rss_before_mb"] = MemorySampler.Mib(rssBefore),
                ["rss_peak_sampled_mb"] = MemorySampler.Mib(rssPeak),
                ["rss_growth_mb"] = MemorySampler.Mib(rssPeak - rssBefore),
                ["rss_after_mb"] = MemorySampler.Mib(rssAfter),
                ["burst"] = row,
            };
            var detail = ReplyReport.Table([row]) + ScenarioArgs.Invariant($"""

                {messages} messages to one bot over {correspondents} correspondents from {senders} concurrent senders: all accepted in **{burst.SecondsToAcceptAll:0.0} s** ({row.AcceptedPerSecond:0} msg/s, {burst.Retries} sent again after a 503), the last reply sent **{secondsToLastReply:0.0} s** after the burst began.

                Host resident memory: {MemorySampler.Mib(rssBefore):0} MiB before the burst, **{MemorySampler.Mib(rssPeak):0} MiB** at its peak (sampled every 100 ms; +{MemorySampler.Mib(rssPeak - rssBefore):0} MiB), {MemorySampler.Mib(rssAfter):0} MiB after. A user's pipeline holds at most Pipeline:StageCapacity (1,000) messages per stage and FeatureLanes × FeatureLaneCapacity (8 × 100) per feature; the senders block on the 202 beyond that, so memory should not grow with the burst's size.

                """);
            var result = ReplyReport.Result("burst", row, run.Host, clock.Elapsed.TotalSeconds,
                [new TargetCheck("nothing lost or duplicated", ScenarioArgs.Invariant($"{row.Lost} lost, {row.Duplicated} duplicated of {row.Accepted} accepted"), row.Lost + row.Duplicated == 0)],
                extra, machine);
            await ReplyReport.WriteAsync(result, detail, repositoryRoot, options);
            return failures == 0 ? 0 : 1;
        });
}
