namespace MyChatImposter.Audit;

// Host options under "Audit": how refusals are counted and how large the audit log may grow.
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    // Refusals anyone can repeat at will are counted into one row per client address and actor per window
    // (RefusalTally). One minute: the login rate limit's own window, so a flooding address adds one row a
    // minute beside its allowed attempts; and a crash loses at most this much of a count.
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan AggregationWindow { get; set; } = TimeSpan.FromMinutes(1);

    // Rows the audit log holds at most; the hourly housekeeping drops the oldest beyond it and says so in an
    // audit_trimmed row. About 210 bytes a row in SQLite with its indexes (the 94,000 rows made a
    // 20 MB file), so some 21 MB; a household's own events (a few dozen a day) stay far below it for the
    // 30 days they are kept.
    [Range(10, 100_000_000)]
    public int MaxRows { get; set; } = 100_000;
}
