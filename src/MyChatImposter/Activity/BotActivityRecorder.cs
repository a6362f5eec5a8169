namespace MyChatImposter.Activity;

// Counts what each bot does per UTC hour in memory, where the work happens (the archive writer, the
// delivery sender, the LLM client), and writes the tallies to the store when flushed (BotActivityFlusher:
// every minute and at shutdown), so counting adds no database write per message. Reads merge the tallies
// not yet written, so a page shows a message the moment it is archived, not a minute later.
//
// One lock guards the tallies: each event is a dictionary look-up and a few additions under it. Flushes,
// reads and erasure take turns on a semaphore, so a read never sees a tally both in memory and in the store.
public sealed partial class BotActivityRecorder(IBotActivityStore store, TimeProvider time, ILogger<BotActivityRecorder> logger)
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private Dictionary<(string UserId, DateTimeOffset Hour), ActivityCounts> _pending = [];

    public void Received(string userId, int messages)
    {
        if (messages > 0)
        {
            Add(userId, new ActivityCounts { Received = messages });
        }
    }

    public void Sent(string userId) => Add(userId, new ActivityCounts { Sent = 1 });

    public void DeliveryFailed(string userId) => Add(userId, new ActivityCounts { DeliveryFailures = 1 });

    public void LlmCalled(string userId, TimeSpan latency, bool failed) => Add(userId, new ActivityCounts
    {
        LlmCalls = 1,
        LlmErrors = failed ? 1 : 0,
        LlmLatencyMsTotal = (long)Math.Round(latency.TotalMilliseconds),
        LlmLatency = LatencyHistogram.One(latency),
    });

    // A sample of the bot's delivery queue: items waiting to be sent (active + holding) and failed ones.
    public void QueueDepth(string userId, long waiting, long failed) =>
        Add(userId, new ActivityCounts { QueuePeak = waiting, FailedPeak = failed });

    // The bot's hours from `from` to `to` (exclusive), stored and not yet stored together, oldest first.
    public async Task<IReadOnlyList<BotActivityHour>> ListAsync(
        string userId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            var stored = await store.ListAsync(userId, from, to, cancellationToken);
            var hours = stored.ToDictionary(hour => hour.Hour, hour => hour.Counts);
            foreach (var (hour, counts) in Unwritten(userId, from, to))
            {
                hours[hour] = hours.TryGetValue(hour, out var written) ? written.Plus(counts) : counts;
            }
            return [.. hours.OrderBy(pair => pair.Key).Select(pair => new BotActivityHour(userId, pair.Key, pair.Value))];
        }
        finally
        {
            _flushing.Release();
        }
    }

    // Writes the tallies counted so far; one flush at a time. A failed write keeps them for the next flush.
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            Dictionary<(string UserId, DateTimeOffset Hour), ActivityCounts> taken;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    return;
                }
                taken = _pending;
                _pending = [];
            }
            var batch = taken.Select(pair => new BotActivityHour(pair.Key.UserId, pair.Key.Hour, pair.Value)).ToList();
            try
            {
                await store.AddAsync(batch, cancellationToken);
                LogFlushed(logger, batch.Count);
            }
            catch (Exception error)
            {
                // Counted meanwhile and taken now go back together; nothing counted is dropped.
                lock (_gate)
                {
                    foreach (var (key, counts) in taken)
                    {
                        Merge(key, counts);
                    }
                }
                LogFlushFailed(logger, error, batch.Count);
                if (error is OperationCanceledException)
                {
                    throw;
                }
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    // Deleting a bot: its tallies are dropped and its rows deleted while no flush runs, so none comes back.
    public async Task<long> EraseAsync(string userId, CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            lock (_gate)
            {
                foreach (var key in _pending.Keys.Where(key => key.UserId == userId).ToList())
                {
                    _pending.Remove(key);
                }
            }
            return await store.DeleteForUserAsync(userId, cancellationToken);
        }
        finally
        {
            _flushing.Release();
        }
    }

    private void Add(string userId, ActivityCounts counts)
    {
        var hour = BotActivityHour.HourOf(time.GetUtcNow());
        lock (_gate)
        {
            Merge((userId, hour), counts);
        }
    }

    private void Merge((string UserId, DateTimeOffset Hour) key, ActivityCounts counts) =>
        _pending[key] = _pending.TryGetValue(key, out var earlier) ? earlier.Plus(counts) : counts;

    private List<(DateTimeOffset Hour, ActivityCounts Counts)> Unwritten(string userId, DateTimeOffset from, DateTimeOffset to)
    {
        lock (_gate)
        {
            return [.. _pending
                .Where(pair => pair.Key.UserId == userId && pair.Key.Hour >= from && pair.Key.Hour < to)
                .Select(pair => (pair.Key.Hour, pair.Value))];
        }
    }

    [LoggerMessage(EventId = 8002, Level = LogLevel.Debug, Message = "Bot activity: wrote {Hours} hour(s)")]
    private static partial void LogFlushed(ILogger logger, int hours);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning,
        Message = "Could not write {Hours} hour(s) of bot activity; they are kept and written at the next flush")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, int hours);
}
