using System.Diagnostics;

namespace MyChatImposter.LoadTests.Replies;

// A burst: `messages` written as fast as the host takes them, `senders` requests at a time, over the given
// conversations in turn. A 503 (not archived: send it again) is sent again after a short pause, as a client
// told so would; every attempt is in the ledger.
public static class BurstSender
{
    private const int MaxAttempts = 20;

    public sealed record Burst(string Phase, long Messages, int Senders, double SecondsToAcceptAll, long Retries);

    public static async Task<Burst> RunAsync(
        ReplyRun run, string phase, long messages, int senders, IReadOnlyList<Conversation> conversations, CancellationToken cancellationToken)
    {
        long next = -1, retries = 0;
        var clock = Stopwatch.StartNew();
        await using (Progress.Start(run, phase, clock))
        {
            await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(async () =>
            {
                for (var k = Interlocked.Increment(ref next); k < messages; k = Interlocked.Increment(ref next))
                {
                    var conversation = conversations[(int)(k % conversations.Count)];
                    for (var attempt = 1; ; attempt++)
                    {
                        var sent = await run.SendAsync(phase, conversation, $"{phase}-{k:D7}", cancellationToken);
                        if (sent.Status != 503 || attempt == MaxAttempts)
                        {
                            break;
                        }
                        Interlocked.Increment(ref retries);
                        await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), cancellationToken);
                    }
                }
            }, cancellationToken)));
        }
        return new Burst(phase, messages, senders, Math.Round(clock.Elapsed.TotalSeconds, 2), retries);
    }
}
