using System.Diagnostics.Metrics;

namespace MyChatImposter.Pipeline;

// Counters of every user's pipeline, exported with the host's other metrics. Created through the host's
// IMeterFactory, like DeliveryMetrics, so each host (and each test's host) counts on its own meter.
public sealed class PipelineMetrics
{
    public const string MeterName = "MyChatImposter.Pipeline";

    private readonly Counter<long> _deadLetters;

    public PipelineMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        Received = meter.CreateCounter<long>("imposter.pipeline.received", "{message}", "Messages handed to a user's pipeline");
        Archived = meter.CreateCounter<long>("imposter.pipeline.archived", "{message}", "Messages written to the archive");
        Replays = meter.CreateCounter<long>("imposter.pipeline.replays", "{message}", "Messages already archived, dropped as replays");
        _deadLetters = meter.CreateCounter<long>("imposter.pipeline.dead_letters", "{message}", "Failures kept as dead letters, by stage");
        ArchiveBatchSize = meter.CreateHistogram<int>("imposter.pipeline.archive_batch", "{message}", "Messages per archive write");
    }

    public Counter<long> Received { get; }

    public Counter<long> Archived { get; }

    public Counter<long> Replays { get; }

    public Histogram<int> ArchiveBatchSize { get; }

    public void DeadLetter(string stage) => _deadLetters.Add(1, new KeyValuePair<string, object?>("stage", stage));
}
