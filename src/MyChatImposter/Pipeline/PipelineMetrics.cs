using System.Diagnostics.Metrics;

namespace MyChatImposter.Pipeline;

// Counters of every user's pipeline, exported with the host's other metrics.
public static class PipelineMetrics
{
    public static readonly Meter Meter = new("MyChatImposter.Pipeline");

    public static readonly Counter<long> Archived = Meter.CreateCounter<long>("imposter.pipeline.archived", "{message}");
    public static readonly Counter<long> Replays = Meter.CreateCounter<long>("imposter.pipeline.replays", "{message}");
    public static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>("imposter.pipeline.dead_letters", "{message}");
    public static readonly Histogram<int> ArchiveBatchSize = Meter.CreateHistogram<int>("imposter.pipeline.archive_batch", "{message}");
}
