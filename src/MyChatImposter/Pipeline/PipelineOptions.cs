namespace MyChatImposter.Pipeline;

// Host options under "Pipeline": the bounds of every user's pipeline. Memory per user is roughly
// (StageCapacity × stages + FeatureLaneCapacity × lanes × features) messages.
public sealed class PipelineOptions
{
    public const string SectionName = "Pipeline";

    // Messages each stage may hold before its producer waits.
    [Range(1, 100_000)]
    public int StageCapacity { get; set; } = 1_000;

    // Messages written to the archive in one transaction at most.
    [Range(1, 10_000)]
    public int MaxArchiveBatch { get; set; } = 500;

    // Per feature, correspondents are spread over this many lanes: order is kept within a correspondent,
    // and different correspondents are handled in parallel.
    [Range(1, 256)]
    public int FeatureLanes { get; set; } = 8;

    [Range(1, 100_000)]
    public int FeatureLaneCapacity { get; set; } = 100;

    // Recently archived (correspondent, message id) pairs remembered per user, so replays are dropped
    // without a database round trip; the archive's unique key catches the rest.
    [Range(0, 1_000_000)]
    public int RecentIdsPerUser { get; set; } = 10_000;

    // How long unlink, reload and shutdown wait for queued messages to be handled before cancelling.
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
