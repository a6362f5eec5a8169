namespace MyChatImposter.ChatProviders.Sandbox;

// Host options under "Sandbox", for tests and demos of delivery over a slow or unreliable network.
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    // How long a send takes: half before the simulated network accepts the message, half before the answer
    // with its id comes back, so a crash can land on either side of the acceptance, as on a real network.
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan SendDelay { get; set; } = TimeSpan.Zero;

    // When set, every accepted send is appended to this file as one JSON line and flushed: the durable record
    // of what crossed the network edge, which outlives the process (the in-memory outbound list does not).
    public string? OutboundLogPath { get; set; }
}
