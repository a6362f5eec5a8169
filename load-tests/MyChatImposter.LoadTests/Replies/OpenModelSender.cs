using System.Diagnostics;

namespace MyChatImposter.LoadTests.Replies;

// Open model: R messages a second in all, message k started at k / R whatever the host answers, over the
// conversations in turn (each gets R / conversations a second). A request is never held back for an answer,
// so a slow host shows in the latencies instead of in fewer messages; the lag between a message's scheduled
// and actual start says whether the harness itself kept up.
public static class OpenModelSender
{
    // Beyond this many requests in flight the host is not answering at all; the schedule then slips (the lag
    // shows it) rather than the harness opening connections without end.
    private const int MaxInFlight = ReplyRun.MaxConnections;

    public sealed record Sending(string Phase, long Started, double Seconds, Percentiles ScheduleLag);

    public static async Task<Sending> RunAsync(
        ReplyRun run, string phase, double rate, TimeSpan duration, CancellationToken cancellationToken,
        IReadOnlyList<Conversation>? conversations = null)
    {
        conversations ??= run.Conversations;
        var total = (long)Math.Ceiling(rate * duration.TotalSeconds);
        var lag = Percentiles.NewHistogram();
        using var slots = new SemaphoreSlim(MaxInFlight);
        var inFlight = new List<Task>();
        var clock = Stopwatch.StartNew();
        await using (Progress.Start(run, phase, clock))
        {
            for (long k = 0; k < total; k++)
            {
                var due = TimeSpan.FromSeconds(k / rate);
                if (due > clock.Elapsed)
                {
                    // Timers fire within about a millisecond on Linux: at 1,000 msg/s a message may start up to
                    // one late, which the lag histogram records.
                    await Task.Delay(due - clock.Elapsed, cancellationToken);
                }
                await slots.WaitAsync(cancellationToken);
                Percentiles.Record(lag, clock.Elapsed - due);
                var conversation = conversations[(int)(k % conversations.Count)];
                inFlight.Add(SendAsync(run, phase, conversation, $"{phase}-{k:D7}", slots, cancellationToken));
            }
            await Task.WhenAll(inFlight);
        }
        return new Sending(phase, total, Math.Round(clock.Elapsed.TotalSeconds, 2), Percentiles.Of(lag));
    }

    private static async Task SendAsync(ReplyRun run, string phase, Conversation conversation, string messageId, SemaphoreSlim slots,
        CancellationToken cancellationToken)
    {
        try
        {
            await run.SendAsync(phase, conversation, messageId, cancellationToken);
        }
        finally
        {
            slots.Release();
        }
    }
}
