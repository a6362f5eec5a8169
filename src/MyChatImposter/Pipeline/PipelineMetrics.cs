using System.Diagnostics.Metrics;

namespace MyChatImposter.Pipeline;

// Counters of every user's pipeline, exported with the host's other metrics. Created through the host's
// IMeterFactory, like DeliveryMetrics, so each host (and each test's host) counts on its own meter.
public sealed class PipelineMetrics
{
    public const string MeterName = "MyChatImposter.Pipeline";

    public PipelineMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        Archived = meter.CreateCounter<long>("imposter.pipeline.archived", "{message}");
        Replays = meter.CreateCounter<long>("imposter.pipeline.replays", "{message}");
        DeadLetters = meter.CreateCounter<long>("imposter.pipeline.dead_letters", "{message}");
        ArchiveBatchSize = meter.CreateHistogram<int>("imposter.pipeline.archive_batch", "{message}");
    }

    public Counter<long> Archived { get; }

    public Counter<long> Replays { get; }

    public Counter<long> DeadLetters { get; }

    public Histogram<int> ArchiveBatchSize { get; }
}
