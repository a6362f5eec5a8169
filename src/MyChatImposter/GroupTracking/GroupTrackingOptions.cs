namespace MyChatImposter.GroupTracking;

// Host options under "GroupTracking": how far back missed digests are caught up, and how runs are spread.
public sealed class GroupTrackingOptions
{
    public const string SectionName = "GroupTracking";

    // Missed occurrences older than this are not caught up, and the first caught-up period starts no earlier
    // (spec/14 #11: the original kept only the last 15 minutes). The latest period is always whole, however
    // long: a weekly or monthly schedule keeps its full week or month (see TrackingWindows).
    [Range(typeof(TimeSpan), "01:00:00", "90.00:00:00")]
    public TimeSpan LookBack { get; set; } = TimeSpan.FromDays(7);

    // At most this many periods (digests) per group per run; older missed occurrences are folded into the
    // first period, so nothing inside the look-back is lost, only split into fewer digests. 48 covers two
    // days of an hourly schedule and the whole look-back of a daily one.
    [Range(1, 1_000)]
    public int MaxCatchUpPeriods { get; set; } = 48;

    // Each run waits a random delay up to this before it starts, so that groups sharing a schedule do not
    // all hit the LLM at once (the original's 0-60 s). Zero in tests.
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan StartJitter { get; set; } = TimeSpan.FromSeconds(60);

    // Periods processed at once on this host, all users together: each holds its messages and its prompt in
    // memory (about 25 MiB for 10,000 messages in the benchmark), and fifty at once starved the host's other
    // requests. Default: half the cores, at least one.
    [Range(1, 64)]
    public int MaxConcurrentPeriods { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    // A period's thread is sent to the model in parts of at most this many characters (the benchmark's
    // 10,000 messages made a 2,000,000-character prompt, far beyond any model's context); each part's items
    // are digested. About 25,000 tokens by default.
    [Range(10_000, 2_000_000)]
    public int MaxPromptCharacters { get; set; } = 100_000;
}
