using System.Diagnostics;
using System.Text.Json;
using MyChatImposter.LoadTests.Results;

namespace MyChatImposter.LoadTests.Replies;

// Issue 17's "what happens when it crashes": reply load, SIGKILL mid-run, a restart on the same data folder
// (database and outbound log), then the ledger against the archive and the replies. An accepted message (202:
// archived) must survive; replies may be lost or sent twice only within the crash window (see the Markdown).
public static class CrashScenario
{
    public const string Usage = """
        crash [--bots 10] [--correspondents 30] [--rate 300] [--duration 20s] [--kill-after 8s] [--drain 120s] [--results DIR] [-- host arguments]
          Starts the Release host on a data folder kept for the run, links --bots sandbox bots as in reply, sends --rate
          msg/s for --duration (open model), SIGKILLs the host --kill-after into it and restarts it at once on the same
          folder (the bots come back linked by themselves) while the sending goes on, then waits for the replies. Checks
          every accepted message against the archive API and the ledger: accepted messages missing from the archive,
          accepted messages never answered, replies duplicated, each split into before the kill and after the restart.
          Writes load-tests/results/crash.json and .md; exit 1 only when an accepted message is missing from the archive.
        """;

    private static readonly string[] Options = ["--bots", "--correspondents", "--rate", "--duration", "--kill-after", "--drain"];

    public sealed record Side(string When, long Accepted, long MissingFromArchive, long Unanswered, long Duplicated);

    public static Task<int> RunAsync(string[] args, string repositoryRoot, CancellationToken cancellationToken) =>
        ReplyReport.RunAsync(Usage, args, Options, async options =>
        {
            var bots = options.Int("--bots", 10);
            var correspondents = options.Int("--correspondents", 30);
            var rate = options.Int("--rate", 300);
            var duration = options.PositiveTime("--duration", TimeSpan.FromSeconds(20));
            var killAfter = options.PositiveTime("--kill-after", TimeSpan.FromSeconds(8));
            var drain = options.PositiveTime("--drain", TimeSpan.FromSeconds(120));
            if (killAfter >= duration)
            {
                throw new ArgumentException("--kill-after must be less than --duration.");
            }
            var machine = MachineInfo.Current();
            var clock = Stopwatch.StartNew();
            var data = Directory.CreateTempSubdirectory("mychatimposter-crash-");
            try
            {
                await using var run = await ReplyRun.StartAsync(repositoryRoot, bots, correspondents, options.HostArguments, cancellationToken,
                    dataDirectory: data, hostDll: options.HostDll);
                var sending = OpenModelSender.RunAsync(run, "load", rate, duration, cancellationToken);
                await Task.Delay(killAfter, cancellationToken);
                var killedAt = DateTimeOffset.UtcNow;
                var restart = Stopwatch.StartNew();
                await run.KillAndRestartAsync(repositoryRoot, data, options.HostArguments, cancellationToken, options.HostDll);
                var restartedAt = DateTimeOffset.UtcNow;
                Console.Error.WriteLine(ScenarioArgs.Invariant($"crash: host killed at {killAfter.TotalSeconds:0.0} s and answering again {restart.Elapsed.TotalSeconds:0.0} s later"));
                await sending;
                await run.DrainAsync("load", TimeSpan.FromSeconds(15), drain, cancellationToken);

                var archived = await run.ArchiveOrderAsync(cancellationToken);
                var match = run.Ledger.Match(archived);
                var accepted = run.Ledger.Messages("load").Where(message => message.Accepted).ToList();
                Side SideOf(string when, Func<DateTimeOffset, bool> inWindow)
                {
                    var messages = accepted.Where(message => inWindow(message.Answered)).ToList();
                    return new Side(when, messages.Count,
                        messages.LongCount(message => !archived.ContainsKey((message.Bot, message.MessageId))),
                        messages.LongCount(message => match.AnswerTo(message) is null),
                        match.Duplicates.LongCount(reply => inWindow(reply.SentAt)));
                }
                var before = SideOf("accepted before the kill", time => time < killedAt);
                var after = SideOf("accepted after the restart", time => time >= killedAt);
                var missing = before.MissingFromArchive + after.MissingFromArchive;
                var row = PhaseFigures.From(run.Ledger, match, "load");

                var extra = new Dictionary<string, object?>
                {
                    ["bots"] = bots,
                    ["correspondents"] = correspondents,
                    ["rate"] = rate,
                    ["kill_after_s"] = killAfter.TotalSeconds,
                    ["restart_s"] = Math.Round((restartedAt - killedAt).TotalSeconds, 2),
                    ["accepted_missing_from_archive"] = missing,
                    ["sides"] = new[] { before, after },
                    ["load"] = row,
                };
                var detail = ScenarioArgs.Invariant($"""
                    {bots} bots × {correspondents} correspondents at {rate} msg/s for {duration.TotalSeconds:0} s; the host SIGKILLed at {killAfter.TotalSeconds:0.0} s and restarted on the same database and outbound log, answering again {(restartedAt - killedAt).TotalSeconds:0.0} s later (requests meanwhile failed: not accepted, not counted as lost).

                    | accepted | messages | missing from the archive | never answered | replies duplicated |
                    | --- | ---: | ---: | ---: | ---: |
                    | {before.When} | {before.Accepted} | **{before.MissingFromArchive}** | {before.Unanswered} | {before.Duplicated} |
                    | {after.When} | {after.Accepted} | **{after.MissingFromArchive}** | {after.Unanswered} | {after.Duplicated} |

                    {CrashWindow}

                    """) + "\n" + ReplyReport.Table([row]);
                var result = ReplyReport.Result("crash", row, run.Host, clock.Elapsed.TotalSeconds,
                    [new TargetCheck("crash: 0 accepted messages lost", ScenarioArgs.Invariant($"{missing} of {accepted.Count} accepted missing from the archive"), missing == 0)],
                    extra, machine);
                await ReplyReport.WriteAsync(result, detail, repositoryRoot, options);
                return missing == 0 ? 0 : 1;
            }
            finally
            {
                data.Delete(recursive: true);
            }
        });

    // From the code (AutoReply/ConversationTurns.cs, AutoReplyFeature.DeliverAsync, Delivery/DeliverySender.cs).
    private const string CrashWindow = """
        The crash window, from the code: a message is durable once archived (its 202). Its reply turn lives in memory
        (ConversationTurns) until AutoReplyFeature.DeliverAsync has written the reply to the delivery queue; nothing
        re-reads the archive for unanswered messages after a restart, so **a message archived less than one turn
        before the kill (quiet period + LLM call + the queue write: here zero + microseconds + one SQLite commit) is
        never answered**. Once queued, a reply is sent at least once: the sender claims the item (one write), the
        provider sends it (the sandbox appends it to the outbound log), then completes it (one write); **a kill
        between the send and the completing write sends that reply again after the restart** (one item per account
        at most). Replies lost before the kill and duplicated around it are expected within these windows; messages
        accepted after the restart must all be answered.
        """;
}
