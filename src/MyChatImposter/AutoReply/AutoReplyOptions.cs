namespace MyChatImposter.AutoReply;

// Host options under "AutoReply": when a reply turn starts (see ConversationTurns for the whole rule).
public sealed class AutoReplyOptions
{
    public const string SectionName = "AutoReply";

    // A turn starts once a conversation has been quiet this long after its latest message, so a burst of
    // messages ("hi" "are you free" "tonight?") gets one answer. Zero answers at once.
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromSeconds(5);

    // The longest a message waits before a turn answering it starts, however chatty the contact; past it a
    // drafted reply is sent even if newer messages arrived meanwhile (they get the next turn).
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(60);
}
