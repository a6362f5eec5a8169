using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using MyChatImposter.LoadTests.Results;
using MyChatImposter.Tests.Llm;

namespace MyChatImposter.LoadTests.Replies;

// Issue 17's "does one bot with a slow LLM hurt the others": the reply load with one bot on an
// OpenAI-compatible server in this process, first answering at once, then after --llm-delay, in pairs one
// after the other on one host. The other bots' reply p99 in the slow half against the fast half of each pair.
public static class SlowLlmScenario
{
    public const string Usage = """
        slow-llm [--bots 20] [--correspondents 50] [--rate 200] [--duration 20s] [--repeat 3] [--llm-delay 10s] [--drain 60s] [--results DIR] [-- host arguments]
          Starts the Release host (Llm:AllowPrivateBaseUrls on) with --bots sandbox bots as in reply; bot 0 uses the
          openAi provider with base_url on a local OpenAI-compatible server, the others the fake LLM. Each of --repeat
          pairs sends --rate msg/s for --duration (open model, all bots) twice: with the server answering at once, then
          with it answering after --llm-delay. Reports the other bots' inbound 202 → reply p99 in each half, the ratio
          slow / fast and its spread. Writes load-tests/results/slow-llm.json and .md; exit 1 on a lost or duplicated
          reply or failed request among the other bots (the slow bot's own replies are reported, not judged).
        """;

    private static readonly string[] Options = ["--bots", "--correspondents", "--rate", "--duration", "--repeat", "--llm-delay", "--drain"];

    public sealed record Pair(int Number, PhaseFigures Fast, PhaseFigures Slow, double Ratio);

    public static Task<int> RunAsync(string[] args, string repositoryRoot, CancellationToken cancellationToken) =>
        ReplyReport.RunAsync(Usage, args, Options, async options =>
        {
            var bots = options.Int("--bots", 20);
            var correspondents = options.Int("--correspondents", 50);
            var rate = options.Int("--rate", 200);
            var duration = options.PositiveTime("--duration", TimeSpan.FromSeconds(20));
            var repeat = options.Int("--repeat", 3);
            var delay = options.PositiveTime("--llm-delay", TimeSpan.FromSeconds(10));
            var drain = options.PositiveTime("--drain", TimeSpan.FromSeconds(60));
            if (bots < 2)
            {
                throw new ArgumentException("--bots must be at least 2: one slow, the others measured.");
            }
            var machine = MachineInfo.Current();
            var clock = Stopwatch.StartNew();

            var model = new DelayedModel();
            await using var server = await FakeOpenAiServer.StartAsync();
            server.Fallback = model;
            var slowBot = ReplyBots.BotId(0);
            bool Others(string bot) => bot != slowBot;
            await using var run = await ReplyRun.StartAsync(repositoryRoot, bots, correspondents,
                ["--Llm:AllowPrivateBaseUrls", "true", .. options.HostArguments], cancellationToken,
                openAiBaseUrl: bot => bot == slowBot ? server.BaseUrl : null, hostDll: options.HostDll);

            await OpenModelSender.RunAsync(run, "warmup", rate, TimeSpan.FromSeconds(5), cancellationToken);
            await run.DrainAsync("warmup", TimeSpan.FromSeconds(10), drain, cancellationToken);
            var phases = new List<string>();
            for (var pair = 1; pair <= repeat; pair++)
            {
                foreach (var (half, llmDelay) in new[] { ("fast", TimeSpan.Zero), ("slow", delay) })
                {
                    var phase = ScenarioArgs.Invariant($"{half}-{pair}");
                    model.Delay = llmDelay;
                    await OpenModelSender.RunAsync(run, phase, rate, duration, cancellationToken);
                    await run.DrainAsync(phase, TimeSpan.FromSeconds(10), drain, cancellationToken, Others);
                    phases.Add(phase);
                }
            }
            // The slow bot's last turns: answered once the server's delay has passed (or MaxWait).
            model.Delay = TimeSpan.Zero;
            await run.DrainAsync(phases[^1], TimeSpan.FromSeconds(10) + delay, drain + delay, cancellationToken);

            var match = await run.FinalMatchAsync(cancellationToken);
            PhaseFigures Figures(int index, Func<string, bool> include) => PhaseFigures.From(run.Ledger, match, phases[index],
                index + 1 < phases.Count ? PhaseFigures.StartOf(run.Ledger, phases[index + 1]) : null, include);
            var pairs = Enumerable.Range(0, repeat).Select(index =>
            {
                var fast = Figures(2 * index, Others);
                var slow = Figures(2 * index + 1, Others);
                return new Pair(index + 1, fast, slow, fast.AcceptedToReply.P99Ms == 0 ? 0 : Math.Round(slow.AcceptedToReply.P99Ms / fast.AcceptedToReply.P99Ms, 3));
            }).ToList();
            var slowBotRows = Enumerable.Range(0, phases.Count).Select(index => Figures(index, bot => bot == slowBot)).ToList();
            var ratios = pairs.Select(pair => pair.Ratio).Order().ToList();
            var median = ratios[ratios.Count / 2];
            var failures = pairs.Sum(pair => pair.Fast.Lost + pair.Fast.Duplicated + pair.Fast.Failed + pair.Slow.Lost + pair.Slow.Duplicated + pair.Slow.Failed);

            var extra = new Dictionary<string, object?>
            {
                ["bots"] = bots,
                ["correspondents"] = correspondents,
                ["rate"] = rate,
                ["duration_s"] = duration.TotalSeconds,
                ["llm_delay_s"] = delay.TotalSeconds,
                ["pairs"] = pairs,
                ["ratio_median"] = median,
                ["ratio_min"] = ratios[0],
                ["ratio_max"] = ratios[^1],
                ["slow_bot"] = slowBotRows,
                ["llm_requests"] = server.Requests.Count,
            };
            var detail = ScenarioArgs.Invariant($"""
                | pair | other bots' p99, fast LLM (ms) | other bots' p99, slow LLM (ms) | slow / fast | fast: lost / dup | slow: lost / dup |
                | ---: | ---: | ---: | ---: | --- | --- |

                """) + string.Join("\n", pairs.Select(pair => ScenarioArgs.Invariant(
                    $"| {pair.Number} | {pair.Fast.AcceptedToReply.P99Ms:0.00} | {pair.Slow.AcceptedToReply.P99Ms:0.00} | **{pair.Ratio:0.00}** | {pair.Fast.Lost} / {pair.Fast.Duplicated} | {pair.Slow.Lost} / {pair.Slow.Duplicated} |")))
                + ScenarioArgs.Invariant($"""


                Ratio slow / fast: median **{median:0.00}**, spread {ratios[0]:0.00}–{ratios[^1]:0.00} over {repeat} pairs. {bots} bots × {correspondents} correspondents at {rate} msg/s for {duration.TotalSeconds:0} s per half; bot 0 on a local OpenAI-compatible server answering at once, then after {delay.TotalSeconds:0} s ({server.Requests.Count} LLM requests in all). The slow bot's own messages (not judged: a message arriving while its reply is drafted discards the draft, so with a slow model its conversations are answered once AutoReply:MaxWait passes):

                """) + "\n" + ReplyReport.Table(slowBotRows) + "\nOther bots, every half:\n\n"
                + ReplyReport.Table(pairs.SelectMany(pair => new[] { pair.Fast, pair.Slow }));
            var headline = pairs[^1].Slow;
            var result = ReplyReport.Result("slow-llm", headline, run.Host, clock.Elapsed.TotalSeconds,
                [new TargetCheck("other bots' reply p99 with one slow LLM within 10 % of the run without it",
                    ScenarioArgs.Invariant($"median ratio {median:0.00} (spread {ratios[0]:0.00}–{ratios[^1]:0.00}, {repeat} pairs)"), median <= 1.10)],
                extra, machine);
            await ReplyReport.WriteAsync(result, detail, repositoryRoot, options);
            return failures == 0 ? 0 : 1;
        });

    // The server's answer after a delay that can change between halves (requests already waiting keep theirs).
    private sealed record DelayedModel : FakeAnswer
    {
        private static readonly FakeAnswer Answer = Text("Sure, talk soon!");
        private long _delayTicks;

        public TimeSpan Delay
        {
            get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
            set => Interlocked.Exchange(ref _delayTicks, value.Ticks);
        }

        internal override async Task WriteAsync(HttpContext context, RecordedRequest request)
        {
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, context.RequestAborted);
            }
            await Answer.WriteAsync(context, request);
        }
    }
}
