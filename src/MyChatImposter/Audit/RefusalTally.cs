namespace MyChatImposter.Audit;

// Counts the refusals anyone can repeat at will and at no cost (the login rate limit's 429s, the 403s of a
// signed-in user) instead of writing a row for each: one flooding address once wrote 94,000 rows in 30 s.
//
// 1. A refusal counts under (event, client address, actor), in a window of Audit:AggregationWindow that
//    begins with the first refusal of that key.
// 2. The first refusal of a window is written at once with count 1, so an operator sees an attack begin.
// 3. Later ones in the window only count in memory: no database write per request.
// 4. An ended window's row gets its final count and last_at at the next sweep (one per window length), or
//    at once when the same key is refused again, or at shutdown (open windows too).
// 5. The row's other fields and details are those of the window's first refusal.
// A crash loses the counting since the windows' first rows, at most one window per key; those rows stay.
public sealed partial class RefusalTally(
    IAuditLogStore store, TimeProvider time, IOptions<AuditOptions> options, ILogger<RefusalTally> logger) : BackgroundService
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TallyKey, Window> _windows = [];

    // One sweep at a time, so that FlushEndedAsync returns only once the ended windows are written.
    private readonly SemaphoreSlim _sweeping = new(1, 1);

    public async Task CountAsync(AuditEvent refusal, CancellationToken cancellationToken)
    {
        var key = new TallyKey(refusal.EventType, refusal.ClientIp, refusal.ActorUserId);
        Window opened;
        Window? ended;
        lock (_lock)
        {
            if (_windows.TryGetValue(key, out ended) && refusal.Timestamp < ended.Ends)
            {
                ended.Add(refusal.Timestamp);
                return;
            }
            opened = new Window(refusal, refusal.Timestamp + options.Value.AggregationWindow);
            _windows[key] = opened;
        }

        if (ended is not null)
        {
            await WriteAsync(ended);
        }
        try
        {
            opened.Row.SetResult(await store.AppendAsync(Tally(refusal, 1, refusal.Timestamp), cancellationToken));
        }
        catch
        {
            // The final count is then written as a row of its own (WriteAsync).
            opened.Row.SetResult(null);
            throw;
        }
    }

    // Writes the final counts of the windows that have ended; public so that tests can sweep on demand.
    public Task FlushEndedAsync(CancellationToken cancellationToken) => FlushAsync(time.GetUtcNow(), cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AggregationWindow, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await FlushEndedAsync(stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(DateTimeOffset.MaxValue, cancellationToken);
    }

    private async Task FlushAsync(DateTimeOffset endedBy, CancellationToken cancellationToken)
    {
        await _sweeping.WaitAsync(cancellationToken);
        try
        {
            List<Window> ended = [];
            lock (_lock)
            {
                foreach (var (key, window) in _windows.Where(pair => pair.Value.Ends <= endedBy).ToList())
                {
                    _windows.Remove(key);
                    ended.Add(window);
                }
            }
            foreach (var window in ended)
            {
                await WriteAsync(window);
            }
        }
        finally
        {
            _sweeping.Release();
        }
    }

    // Called only by whoever took the window out of the dictionary, so each is written once and no longer
    // counts. Not cancelled with a request or the shutdown: that would lose the count.
    private async Task WriteAsync(Window window)
    {
        if (window.Count == 1)
        {
            return;
        }
        var tallied = Tally(window.First, window.Count, window.LastAt);
        try
        {
            if (await window.Row.Task is { } id)
            {
                await store.ReplaceDetailsAsync(id, tallied.Details, CancellationToken.None);
            }
            else
            {
                await store.AppendAsync(tallied, CancellationToken.None);
            }
        }
        catch (Exception exception)
        {
            LogTallyWriteFailed(logger, exception, window.Count, window.First.EventType, window.First.ClientIp);
        }
    }

    private static AuditEvent Tally(AuditEvent first, long count, DateTimeOffset lastAt) => first with
    {
        Details = new Dictionary<string, string>(first.Details)
        {
            ["count"] = count.ToString(CultureInfo.InvariantCulture),
            ["first_at"] = first.Timestamp.ToString("O", CultureInfo.InvariantCulture),
            ["last_at"] = lastAt.ToString("O", CultureInfo.InvariantCulture),
        },
    };

    private readonly record struct TallyKey(string EventType, string? ClientIp, string? ActorUserId);

    private sealed class Window(AuditEvent first, DateTimeOffset ends)
    {
        public AuditEvent First { get; } = first;

        public DateTimeOffset Ends { get; } = ends;

        public long Count { get; private set; } = 1;

        public DateTimeOffset LastAt { get; private set; } = first.Timestamp;

        // The id of the window's row once written; null when writing it failed.
        public TaskCompletionSource<string?> Row { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Add(DateTimeOffset at)
        {
            Count++;
            LastAt = at > LastAt ? at : LastAt;
        }
    }

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error,
        Message = "Could not write the count of {Count} {EventType} refusals from {ClientIp}")]
    private static partial void LogTallyWriteFailed(ILogger logger, Exception exception, long count, string eventType, string? clientIp);
}
