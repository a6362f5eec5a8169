namespace MyChatImposter.Pipeline;

// A message on its way through one user's pipeline. Each stage fills in what it decides.
public sealed class PipelineMessage(InboundMessage inbound)
{
    public InboundMessage Inbound { get; } = inbound;

    // Set by the screen; null for a replay of an archived message.
    public MessageSource? Source { get; set; }

    // Set once the archive holds the message.
    public ArchivedMessage? Archived { get; set; }

    // The correspondent's in-memory window after this message joined it (truncated contents).
    public IReadOnlyList<ArchivedMessage> Window { get; set; } = [];

    // Completed when the message is durably archived, recognised as a replay, or failed to archive.
    public TaskCompletionSource<IngestOutcome> Acknowledgement { get; } =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
}
