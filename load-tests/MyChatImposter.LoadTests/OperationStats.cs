using HdrHistogram;

namespace MyChatImposter.LoadTests;

// What one virtual user saw for one operation in one phase. Each virtual user records into its own
// instances (HdrHistogram is not thread-safe), merged once the phase is over.
public sealed class OperationStats
{
    // Up to one minute in microseconds with 3 significant digits: 0.1 % resolution at any latency.
    private const long HighestTrackableMicroseconds = 60_000_000;

    public LongHistogram Latency { get; } = new(HighestTrackableMicroseconds, 3);

    public long Requests { get; private set; }

    // "200", "404", or the exception of a request that got no response ("HttpRequestException").
    public SortedDictionary<string, long> Outcomes { get; } = new(StringComparer.Ordinal);

    // Why requests counted as failed: an unexpected status, no response, or a wrong body.
    public SortedDictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);

    public long ErrorCount => Errors.Values.Sum();

    public void RecordResponse(TimeSpan latency, int status, bool expected)
    {
        Requests++;
        // Latency covers requests that got a response, failed or not; a refused connection would
        // otherwise drag the percentiles down.
        Latency.RecordValue(Math.Min((long)latency.TotalMicroseconds, HighestTrackableMicroseconds));
        Count(Outcomes, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!expected)
        {
            Count(Errors, $"status {status}");
        }
    }

    public void RecordNoResponse(Exception exception)
    {
        Requests++;
        Count(Outcomes, exception.GetType().Name);
        Count(Errors, $"no response ({exception.GetType().Name})");
    }

    public void RecordError(string reason) => Count(Errors, reason);

    public void Add(OperationStats other)
    {
        Requests += other.Requests;
        Latency.Add(other.Latency);
        foreach (var (key, count) in other.Outcomes)
        {
            Count(Outcomes, key, count);
        }
        foreach (var (key, count) in other.Errors)
        {
            Count(Errors, key, count);
        }
    }

    private static void Count(SortedDictionary<string, long> counts, string key, long by = 1) =>
        counts[key] = counts.GetValueOrDefault(key) + by;
}
