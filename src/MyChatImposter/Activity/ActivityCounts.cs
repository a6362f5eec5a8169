namespace MyChatImposter.Activity;

// What one bot did in one UTC hour. The counters add up when two tallies of the same hour meet (the one in
// memory and the one stored); the queue figures are samples, so the higher one is kept.
public sealed record ActivityCounts
{
    public static readonly ActivityCounts None = new();

    // Messages from correspondents archived (not the owner's own, not the bot's echoes).
    public long Received { get; init; }

    // Delivery items the provider accepted.
    public long Sent { get; init; }

    // Delivery items moved to failed (attempts used up or unsendable).
    public long DeliveryFailures { get; init; }

    // LLM calls that completed, after their retries; LlmErrors of them failed.
    public long LlmCalls { get; init; }

    public long LlmErrors { get; init; }

    public long LlmLatencyMsTotal { get; init; }

    public LatencyHistogram LlmLatency { get; init; } = LatencyHistogram.Empty;

    // Active + holding items at their highest sample in the hour, and failed items at theirs.
    public long QueuePeak { get; init; }

    public long FailedPeak { get; init; }

    public double? LlmAverageMs => LlmCalls == 0 ? null : (double)LlmLatencyMsTotal / LlmCalls;

    public ActivityCounts Plus(ActivityCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new ActivityCounts
        {
            Received = Received + other.Received,
            Sent = Sent + other.Sent,
            DeliveryFailures = DeliveryFailures + other.DeliveryFailures,
            LlmCalls = LlmCalls + other.LlmCalls,
            LlmErrors = LlmErrors + other.LlmErrors,
            LlmLatencyMsTotal = LlmLatencyMsTotal + other.LlmLatencyMsTotal,
            LlmLatency = LlmLatency.Plus(other.LlmLatency),
            QueuePeak = Math.Max(QueuePeak, other.QueuePeak),
            FailedPeak = Math.Max(FailedPeak, other.FailedPeak),
        };
    }
}

public sealed record BotActivityHour(string UserId, DateTimeOffset Hour, ActivityCounts Counts)
{
    public static DateTimeOffset HourOf(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}

// Calls counted per latency bucket: enough for a rough p95 per hour without keeping every duration. The
// bounds are part of the stored shape (one column or field per bucket): change them with a migration.
public sealed class LatencyHistogram : IEquatable<LatencyHistogram>
{
    // Upper bounds in milliseconds; the last bucket takes everything slower.
    public static readonly IReadOnlyList<long> UpperBoundsMs = [250, 500, 1_000, 2_000, 5_000, 10_000, 30_000];

    // Storage names of the buckets, in order.
    public static readonly IReadOnlyList<string> BucketNames =
        ["le_250ms", "le_500ms", "le_1s", "le_2s", "le_5s", "le_10s", "le_30s", "over_30s"];

    public static readonly LatencyHistogram Empty = new(new long[BucketNames.Count]);

    private readonly long[] _counts;

    private LatencyHistogram(long[] counts) => _counts = counts;

    public IReadOnlyList<long> Counts => _counts;

    public long Total => _counts.Sum();

    public static LatencyHistogram Of(IReadOnlyList<long> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Count != BucketNames.Count)
        {
            throw new ArgumentException($"A latency histogram has {BucketNames.Count} buckets, not {counts.Count}.", nameof(counts));
        }
        return new LatencyHistogram([.. counts]);
    }

    public static LatencyHistogram One(TimeSpan latency)
    {
        var counts = new long[BucketNames.Count];
        counts[BucketOf(latency)] = 1;
        return new LatencyHistogram(counts);
    }

    public LatencyHistogram Plus(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var counts = new long[_counts.Length];
        for (var index = 0; index < counts.Length; index++)
        {
            counts[index] = _counts[index] + other._counts[index];
        }
        return new LatencyHistogram(counts);
    }

    // The upper bound of the bucket holding the 95th percentile call; null without calls, and
    // TimeSpan.MaxValue when it lies in the open-ended last bucket.
    public TimeSpan? P95()
    {
        var total = Total;
        if (total == 0)
        {
            return null;
        }
        var needed = (long)Math.Ceiling(total * 0.95);
        long seen = 0;
        for (var index = 0; index < UpperBoundsMs.Count; index++)
        {
            seen += _counts[index];
            if (seen >= needed)
            {
                return TimeSpan.FromMilliseconds(UpperBoundsMs[index]);
            }
        }
        return TimeSpan.MaxValue;
    }

    public bool Equals(LatencyHistogram? other) => other is not null && _counts.AsSpan().SequenceEqual(other._counts);

    public override bool Equals(object? obj) => Equals(obj as LatencyHistogram);

    public override int GetHashCode() => _counts.Aggregate(17L, (hash, count) => hash * 31 + count).GetHashCode();

    public override string ToString() => string.Join(' ', BucketNames.Zip(_counts, (name, count) => $"{name}={count}"));

    private static int BucketOf(TimeSpan latency)
    {
        var ms = latency.TotalMilliseconds;
        for (var index = 0; index < UpperBoundsMs.Count; index++)
        {
            if (ms <= UpperBoundsMs[index])
            {
                return index;
            }
        }
        return UpperBoundsMs.Count;
    }
}
