using System.Diagnostics;

namespace MyChatImposter.LoadTests.Replies;

// The line on stderr every second while a phase runs: elapsed, sent, answered 202, replies, in flight, failed.
public sealed class Progress : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _printing;

    private Progress(ReplyRun run, string phase, Stopwatch clock)
    {
        var repliesBefore = run.Ledger.Replies;
        _printing = Task.Run(async () =>
        {
            using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
            try
            {
                while (await tick.WaitForNextTickAsync(_stop.Token))
                {
                    var messages = run.Ledger.Messages(phase);
                    var accepted = messages.Count(message => message.Accepted);
                    Console.Error.WriteLine(ScenarioArgs.Invariant(
                        $"{phase} {clock.Elapsed.TotalSeconds,6:0.0} s: sent {messages.Count}, accepted {accepted}, replies {run.Ledger.Replies - repliesBefore}, failed {messages.Count - accepted}, in flight {Math.Max(0, run.InFlight)}"));
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public static Progress Start(ReplyRun run, string phase, Stopwatch clock) => new(run, phase, clock);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _printing;
        _stop.Dispose();
    }
}
