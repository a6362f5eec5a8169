using System.Diagnostics.Metrics;

namespace MyChatImposter.Delivery;

// The delivery queue's instruments. Created through the host's IMeterFactory, so each host (and each test's
// host) has its own meter and its own depth. The depth is a snapshot the DeliveryHost refreshes from the
// store: an observable gauge's callback must not query a database.
public sealed class DeliveryMetrics
{
    public const string MeterName = "MyChatImposter.Delivery";

    private IReadOnlyDictionary<DeliveryState, long> _depth = new Dictionary<DeliveryState, long>();

    public DeliveryMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        Sent = meter.CreateCounter<long>("imposter.delivery.sent", "{message}", "Items the provider accepted");
        Failures = meter.CreateCounter<long>("imposter.delivery.failures", "{attempt}",
            "Attempts that did not send, by outcome: retry (tried again later), failed (attempts used up or unsendable), rate_limited");
        EnqueueToSend = meter.CreateHistogram<double>("imposter.delivery.enqueue_to_send", "s",
            "Time from enqueue to the provider's acceptance");
        meter.CreateObservableGauge("imposter.delivery.depth", ObserveDepth, "{message}", "Items per state, every user's");
    }

    public Counter<long> Sent { get; }

    public Counter<long> Failures { get; }

    public Histogram<double> EnqueueToSend { get; }

    public void SetDepth(IReadOnlyDictionary<DeliveryState, long> counts) => Volatile.Write(ref _depth, counts);

    public void Failure(string outcome) => Failures.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    private IEnumerable<Measurement<long>> ObserveDepth()
    {
        var depth = Volatile.Read(ref _depth);
        return new[] { DeliveryState.Active, DeliveryState.Holding, DeliveryState.Failed }.Select(state =>
            new Measurement<long>(depth.GetValueOrDefault(state), new KeyValuePair<string, object?>("state", EnumNames<DeliveryState>.Name(state))));
    }
}
