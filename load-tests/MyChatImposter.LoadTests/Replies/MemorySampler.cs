namespace MyChatImposter.LoadTests.Replies;

// The host's resident memory sampled every 100 ms while a phase runs: the kernel's high-water mark (VmHWM)
// includes the host's start, the sampled peak is the phase's own.
public sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peak;

    public MemorySampler(HostUnderTest host)
    {
        Before = host.WorkingSetBytes() ?? 0;
        _peak = Before;
        _sampling = Task.Run(async () =>
        {
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            try
            {
                while (await tick.WaitForNextTickAsync(_stop.Token))
                {
                    if (host.WorkingSetBytes() is { } rss && rss > Interlocked.Read(ref _peak))
                    {
                        Interlocked.Exchange(ref _peak, rss);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public long Before { get; }

    public long Peak => Interlocked.Read(ref _peak);

    public static double Mib(long bytes) => Math.Round(bytes / 1024.0 / 1024.0, 1);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}
