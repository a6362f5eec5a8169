using System.Diagnostics;

namespace MyChatImposter.LoadTests.Replies;

// Closed loop, for the saturation rate: every conversation writes, waits for the bot's reply, writes again,
// so the host is offered as many messages as it answers. Replies a second over the window is the most the
// reply path delivers with this many conversations.
public static class ClosedLoopSender
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);

    public sealed record Saturation(string Phase, double Seconds, long Sent, long Replies, double RepliesPerSecond, long TimedOut);

    public static async Task<Saturation> RunAsync(ReplyRun run, string phase, TimeSpan duration, CancellationToken cancellationToken)
    {
        var signals = run.Conversations.ToDictionary(conversation => (conversation.Bot, conversation.Correspondent), _ => new SemaphoreSlim(0));
        void OnReply(SeenReply reply)
        {
            if (signals.TryGetValue((reply.Bot, reply.Recipient), out var signal))
            {
                signal.Release();
            }
        }
        long sent = 0, replies = 0, timedOut = 0;
        var clock = Stopwatch.StartNew();
        run.ReplySeen += OnReply;
        try
        {
            await using (Progress.Start(run, phase, clock))
            {
                await Task.WhenAll(run.Conversations.Select((conversation, index) => Task.Run(async () =>
                {
                    var signal = signals[(conversation.Bot, conversation.Correspondent)];
                    for (var k = 0; clock.Elapsed < duration; k++)
                    {
                        var message = await run.SendAsync(phase, conversation, $"{phase}-{index:D5}-{k:D6}", cancellationToken);
                        Interlocked.Increment(ref sent);
                        if (!message.Accepted)
                        {
                            continue;
                        }
                        if (!await signal.WaitAsync(ReplyTimeout, cancellationToken))
                        {
                            Interlocked.Increment(ref timedOut);
                            break;
                        }
                        // Only replies inside the window count: the host's rate, not the tail's.
                        if (clock.Elapsed <= duration)
                        {
                            Interlocked.Increment(ref replies);
                        }
                    }
                }, cancellationToken)));
            }
        }
        finally
        {
            run.ReplySeen -= OnReply;
            foreach (var signal in signals.Values)
            {
                signal.Dispose();
            }
        }
        return new Saturation(phase, Math.Round(duration.TotalSeconds, 2), sent, replies, Math.Round(replies / duration.TotalSeconds, 1), timedOut);
    }
}
