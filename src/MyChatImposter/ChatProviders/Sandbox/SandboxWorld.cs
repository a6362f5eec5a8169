using System.Collections.Concurrent;

namespace MyChatImposter.ChatProviders.Sandbox;

// A message the sandbox "sent" on the bot's behalf, as the outbound API shows it.
public sealed record SandboxOutboundMessage(
    long Seq, string MessageId, string Recipient, string Type, string? Text, string? FileName, string? Mimetype,
    string? Caption, string? ContentBase64, DateTimeOffset SentAt);

public sealed record SandboxGroup(string Id, string Name);

// The simulated chat network: per user, the groups that exist and everything the bot sent. It outlives
// sessions (a reload keeps the conversation visible) but not the host process: it is a simulator.
public sealed class SandboxWorld(TimeProvider time)
{
    // Enough history for a chat page and for tests; the oldest go first.
    public const int MaxOutboundPerUser = 5_000;

    private readonly ConcurrentDictionary<string, UserChannel> _channels = new(StringComparer.Ordinal);

    private sealed class UserChannel
    {
        public Lock Gate { get; } = new();
        public List<SandboxOutboundMessage> Outbound { get; } = [];
        public long LastSeq { get; set; }
        public IReadOnlyList<SandboxGroup> Groups { get; set; } = [];
    }

    private UserChannel Channel(string userId) => _channels.GetOrAdd(userId, _ => new UserChannel());

    public SandboxOutboundMessage RecordSend(
        string userId, string recipient, string type, string? text, string? fileName = null, string? mimetype = null,
        string? caption = null, string? contentBase64 = null)
    {
        var channel = Channel(userId);
        lock (channel.Gate)
        {
            var message = new SandboxOutboundMessage(++channel.LastSeq, $"sandbox-out-{Guid.NewGuid():N}", recipient, type,
                text, fileName, mimetype, caption, contentBase64, time.GetUtcNow());
            channel.Outbound.Add(message);
            if (channel.Outbound.Count > MaxOutboundPerUser)
            {
                channel.Outbound.RemoveAt(0);
            }
            return message;
        }
    }

    public IReadOnlyList<SandboxOutboundMessage> Outbound(string userId, long afterSeq)
    {
        var channel = Channel(userId);
        lock (channel.Gate)
        {
            return channel.Outbound.Where(message => message.Seq > afterSeq).ToList();
        }
    }

    public IReadOnlyList<SandboxGroup> Groups(string userId)
    {
        var channel = Channel(userId);
        lock (channel.Gate)
        {
            return channel.Groups;
        }
    }

    public void SetGroups(string userId, IReadOnlyList<SandboxGroup> groups)
    {
        var channel = Channel(userId);
        lock (channel.Gate)
        {
            channel.Groups = groups;
        }
    }

    public void Forget(string userId) => _channels.TryRemove(userId, out _);
}
