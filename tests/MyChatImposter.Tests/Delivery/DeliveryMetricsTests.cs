using System.Diagnostics.Metrics;
using MyChatImposter.ChatProviders.Sandbox;
using MyChatImposter.Delivery;
using MyChatImposter.Tests.Pages.Bots;

namespace MyChatImposter.Tests.Delivery;

// Depth per state, time from enqueue to send, failures: measured from this host's own meter.
public sealed class DeliveryMetricsTests
{
    private const string Ann = "ann";

    [Fact]
    public async Task Depth_per_state_enqueue_to_send_time_and_failures_are_measured()
    {
        await using var app = DeliveryTesting.App(new Dictionary<string, string> { ["Delivery:MaxAttempts"] = "1" });
        var meters = app.Service<IMeterFactory>(); // starts the host before listening: its start publishes instruments
        using var listener = new MeterListener();
        var measurements = new List<(string Instrument, double Value, string? Tag)>();
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Meter.Name == DeliveryMetrics.MeterName)
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? tag = tags.Length > 0 ? tags[0].Value as string : null;
            lock (measurements)
            {
                measurements.Add((instrument.Name, value, tag));
            }
        }
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();

        await app.SaveBotAsync(Ann);
        await app.EnqueueTextAsync(Ann, "alice", "one");
        await app.EnqueueTextAsync(Ann, "bob", "two");
        app.Time.Advance(TimeSpan.FromSeconds(7));
        app.Service<SandboxWorld>().SetSendFault(Ann, recipient => recipient == "bob" ? new IOException("refused") : null);
        var sender = await app.ConnectAsync(Ann);
        await app.DriveAsync(sender);
        await app.Service<DeliveryHost>().RefreshDepthAsync(TestContext.Current.CancellationToken);
        listener.RecordObservableInstruments();

        Assert.Contains(("imposter.delivery.enqueue_to_send", 7.0, null), measurements);
        Assert.Contains(("imposter.delivery.sent", 1.0, null), measurements);
        Assert.Contains(("imposter.delivery.failures", 1.0, "failed"), measurements);
        Assert.Contains(("imposter.delivery.depth", 1.0, "failed"), measurements);
        Assert.Contains(("imposter.delivery.depth", 0.0, "active"), measurements);
        Assert.Contains(("imposter.delivery.depth", 0.0, "holding"), measurements);
    }
}
