using System.Diagnostics;
using System.Globalization;

namespace MyChatImposter.LoadTests.Anchors;

// The progress line on stderr every second while a phase that reports nothing itself runs (wrk, the pipeline).
internal sealed class ProgressTicker : IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private ProgressTicker(string label, TimeSpan? duration, Func<string> detail)
    {
        var clock = Stopwatch.StartNew();
        var stop = _stop.Token;
        _ = Task.Run(async () =>
        {
            using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
            try
            {
                while (await tick.WaitForNextTickAsync(stop))
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{label} {clock.Elapsed.TotalSeconds,5:0} s{(duration is { } planned ? $" of {planned.TotalSeconds:0}" : "")}: {detail()}"));
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public static ProgressTicker Start(string label, TimeSpan? duration, Func<string> detail) => new(label, duration, detail);

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
