namespace MyChatImposter.OwnerControl;

// Host options under "OwnerControl".
public sealed class OwnerControlOptions
{
    public const string SectionName = "OwnerControl";

    // Decided drafts and reply-history events are kept this long; pending drafts and running takeovers stay
    // whatever their age.
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromDays(90);
}
