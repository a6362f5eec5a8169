namespace MyChatImposter.Activity;

// The charts of a bot's week, in the order the activity page shows them: what came in and went out, the
// delivery queue, the LLM. One place names each chart, so the page and its data table agree.
public static class ActivityCharts
{
    public sealed record Chart(string Id, string Heading, ChartSeries Series);

    public static IReadOnlyList<Chart> Of(ActivityWeek week)
    {
        ArgumentNullException.ThrowIfNull(week);
        return
        [
            new("received", "Messages", week.Series("Messages received per hour", "", ChartKind.Count, counts => counts.Received)),
            new("sent", "Messages", week.Series("Replies sent per hour", "", ChartKind.Count, counts => counts.Sent)),
            new("queue", "Delivery queue", week.Series("Delivery queue at its highest per hour (waiting items)", "", ChartKind.Level,
                counts => counts.QueuePeak)),
            new("failures", "Delivery queue", week.Series("Delivery failures per hour", "", ChartKind.Count, counts => counts.DeliveryFailures)),
            new("llm-calls", "LLM", week.Series("LLM calls per hour", "", ChartKind.Count, counts => counts.LlmCalls)),
            new("llm-errors", "LLM", week.Series("LLM errors per hour", "", ChartKind.Count, counts => counts.LlmErrors)),
            new("llm-latency", "LLM", week.Series("Average LLM latency per hour", "ms", ChartKind.Level, counts => counts.LlmAverageMs)),
        ];
    }

    // "≤ 2 s", "> 30 s", or "–" without calls: the rough p95 a latency histogram allows.
    public static string P95Text(LatencyHistogram latency)
    {
        ArgumentNullException.ThrowIfNull(latency);
        return latency.P95() switch
        {
            null => "–",
            { } p95 when p95 == TimeSpan.MaxValue => $"> {LatencyHistogram.UpperBoundsMs[^1] / 1000} s",
            { } p95 when p95.TotalMilliseconds < 1000 => $"≤ {p95.TotalMilliseconds:0} ms",
            { } p95 => $"≤ {p95.TotalSeconds:0} s",
        };
    }
}
