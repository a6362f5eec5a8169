using HdrHistogram;

namespace MyChatImposter.LoadTests.Replies;

// A latency distribution in milliseconds, as reported.
public sealed record Percentiles(long Count, double P50Ms, double P95Ms, double P99Ms, double MaxMs)
{
    public static Percentiles Of(LongHistogram microseconds)
    {
        double At(double percentile) => microseconds.TotalCount == 0 ? 0 : Math.Round(microseconds.GetValueAtPercentile(percentile) / 1000.0, 2);
        return new(microseconds.TotalCount, At(50), At(95), At(99),
            microseconds.TotalCount == 0 ? 0 : Math.Round(microseconds.GetMaxValue() / 1000.0, 2));
    }

    // Up to ten minutes in microseconds, 3 significant digits.
    public static LongHistogram NewHistogram() => new(600_000_000, 3);

    public static void Record(LongHistogram histogram, TimeSpan value) =>
        histogram.RecordValue(Math.Clamp((long)value.TotalMicroseconds, 0, 600_000_000));
}

// What one phase of a run (a rate, a burst, one half of a pair) sent and got back. Refused: 503, the host's
// "not archived, send it again"; failed: any other status or no answer. Only accepted messages can be lost.
public sealed record PhaseFigures(
    string Phase, long Sent, long Accepted, long Refused, long Failed, long Replies, long Lost, long Duplicated,
    double SendingSeconds, double AcceptedPerSecond,
    Percentiles AcceptedToReply, Percentiles StartToReply, Percentiles AcceptLatency, long RepliedBefore202,
    IReadOnlyDictionary<string, long> Statuses)
{
    // Messages of the phase whose bot passes `include` (all by default); its replies (and duplicates) are
    // those sent between the phase's first message and the next phase's.
    public static PhaseFigures From(ReplyLedger ledger, LedgerMatch match, string phase, DateTimeOffset? nextPhaseStart = null,
        Func<string, bool>? include = null)
    {
        var messages = ledger.Messages(phase).Where(message => include?.Invoke(message.Bot) ?? true).ToList();
        var accepted = messages.Where(message => message.Accepted).ToList();
        var acceptedToReply = Percentiles.NewHistogram();
        var startToReply = Percentiles.NewHistogram();
        var acceptLatency = Percentiles.NewHistogram();
        long lost = 0, before202 = 0;
        foreach (var message in accepted)
        {
            Percentiles.Record(acceptLatency, message.Answered - message.Started);
            if (match.AnswerTo(message) is not { } reply)
            {
                lost++;
                continue;
            }
            if (reply.SentAt < message.Answered)
            {
                before202++;
            }
            Percentiles.Record(acceptedToReply, reply.SentAt - message.Answered);
            Percentiles.Record(startToReply, reply.SentAt - message.Started);
        }
        var first = messages.Count == 0 ? DateTimeOffset.MaxValue : messages.Min(message => message.Started);
        bool InPhase(SeenReply reply) => (include?.Invoke(reply.Bot) ?? true)
            && reply.SentAt >= first && reply.SentAt < (nextPhaseStart ?? DateTimeOffset.MaxValue);
        var duplicated = match.Duplicates.LongCount(InPhase);
        var seconds = accepted.Count == 0 ? 0 : (accepted.Max(message => message.Answered) - first).TotalSeconds;
        return new PhaseFigures(
            phase, messages.Count, accepted.Count, messages.LongCount(message => message.Status == 503),
            messages.LongCount(message => message.Status is not (202 or 503)),
            ledger.RepliesWhere(InPhase), lost, duplicated, Math.Round(seconds, 2),
            seconds == 0 ? 0 : Math.Round(accepted.Count / seconds, 1),
            Percentiles.Of(acceptedToReply), Percentiles.Of(startToReply), Percentiles.Of(acceptLatency), before202,
            messages.GroupBy(message => message.Status == 0 ? "no answer" : message.Status.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .OrderBy(group => group.Key, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.LongCount()));
    }

    // The first message's start: the end of the previous phase's window for duplicates.
    public static DateTimeOffset? StartOf(ReplyLedger ledger, string phase) =>
        ledger.Messages(phase) is { Count: > 0 } messages ? messages.Min(message => message.Started) : null;

    public const string TableHeader = """
        | phase | sent | accepted | refused 503 | failed | replies | lost | duplicated | accepted msg/s | accepted → reply p50 / p95 / p99 / max ms | request start → reply p99 ms | 202 latency p99 ms |
        | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |
        """;

    public string TableRow() => ScenarioArgs.Invariant(
        $"| {Phase} | {Sent} | {Accepted} | {Refused} | {Failed} | {Replies} | {Lost} | {Duplicated} | {AcceptedPerSecond:0.0} | {AcceptedToReply.P50Ms:0.00} / {AcceptedToReply.P95Ms:0.00} / **{AcceptedToReply.P99Ms:0.00}** / {AcceptedToReply.MaxMs:0.00} | {StartToReply.P99Ms:0.00} | {AcceptLatency.P99Ms:0.00} |");
}
