namespace MyChatImposter.ChatProviders.Sandbox;

// A message entered a sandbox conversation: one a person wrote (archived), or one the bot sent. Says where,
// never what: the chat page reads the message from the archive and the outbound list.
public sealed record SandboxMessageRecorded(string UserId, string Conversation, bool Outbound);

// A message the sandbox "sent" on the bot's behalf, as the outbound API shows it.
public sealed record SandboxOutboundMessage(
    long Seq, string MessageId, string Recipient, string Type, string? Text, string? FileName, string? Mimetype,
    string? Caption, string? ContentBase64, DateTimeOffset SentAt);

public sealed record SandboxGroup(string Id, string Name);

public sealed record SandboxPresence(string Recipient, ChatPresence Presence, DateTimeOffset At);

// The simulated chat network: per user, the groups that exist and everything the bot sent. It outlives
// sessions (a reload keeps the conversation visible) but not the host process: it is a simulator. Sends
// can be made to fail (SetSendFault) to simulate a network that refuses or rate-limits, and are appended to
// Sandbox:OutboundLogPath when it is set.
public sealed class SandboxWorld(TimeProvider time, IOptions<SandboxOptions> options) : IDisposable
{
    // Enough history for a chat page and for tests; the oldest go first.
    public const int MaxOutboundPerUser = 5_000;

    private readonly ConcurrentDictionary<string, UserChannel> _channels = new(StringComparer.Ordinal);
    private readonly Lock _logGate = new();
    private StreamWriter? _log;

    // Raised after a message is recorded, outside the user's lock: handlers must not block.
    public event Action<SandboxMessageRecorded>? MessageRecorded;

    private sealed class UserChannel
    {
        public Lock Gate { get; } = new();
        public List<SandboxOutboundMessage> Outbound { get; } = [];
        public long LastSeq { get; set; }
        public IReadOnlyList<SandboxGroup> Groups { get; set; } = [];
        public List<SandboxPresence> Presences { get; } = [];
        public Func<string, Exception?>? SendFault { get; set; }
    }

    private UserChannel Channel(string userId) => _channels.GetOrAdd(userId, _ => new UserChannel());

    public SandboxOutboundMessage RecordSend(
        string userId, string recipient, string type, string? text, string? fileName = null, string? mimetype = null,
        string? caption = null, string? contentBase64 = null)
    {
        var message = Record(userId, recipient, type, text, fileName, mimetype, caption, contentBase64);
        MessageRecorded?.Invoke(new SandboxMessageRecorded(userId, recipient, Outbound: true));
        return message;
    }

    // A person's message to the user is in the archive (SandboxProvider, once the pipeline acknowledged it).
    public void RecordReceived(string userId, string conversation) =>
        MessageRecorded?.Invoke(new SandboxMessageRecorded(userId, conversation, Outbound: false));

    private SandboxOutboundMessage Record(
        string userId, string recipient, string type, string? text, string? fileName, string? mimetype, string? caption, string? contentBase64)
    {
        var channel = Channel(userId);
        lock (channel.Gate)
        {
            if (channel.SendFault?.Invoke(recipient) is { } fault)
            {
                throw fault;
            }
            var message = new SandboxOutboundMessage(++channel.LastSeq, $"sandbox-out-{Guid.NewGuid():N}", recipient, type,
                text, fileName, mimetype, caption, contentBase64, time.GetUtcNow());
            channel.Outbound.Add(message);
            if (channel.Outbound.Count > MaxOutboundPerUser)
            {
                channel.Outbound.RemoveAt(0);
            }
            AppendToLog(userId, message);
            return message;
        }
    }

    // From now on every send to a recipient for which fault answers an exception throws it and is not recorded
    // (null: sends work again).
    public void SetSendFault(string userId, Func<string, Exception?>? fault)
    {
        var channel = Channel(userId);
        lock (channel.Gate)
        {
            channel.SendFault = fault;
        }
    }

    public void RecordPresence(string userId, string recipient, ChatPresence presence)
    {
        var channel = Channel(userId);
        lock (channel.Gate)
        {
            channel.Presences.Add(new SandboxPresence(recipient, presence, time.GetUtcNow()));
            if (channel.Presences.Count > MaxOutboundPerUser)
            {
                channel.Presences.RemoveAt(0);
            }
        }
    }

    public IReadOnlyList<SandboxPresence> Presences(string userId)
    {
        var channel = Channel(userId);
        lock (channel.Gate)
        {
            return [.. channel.Presences];
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

    // A message the sandbox sent for the user, by its id (what a reply quotes), or null.
    public SandboxOutboundMessage? FindOutbound(string userId, string messageId)
    {
        var channel = Channel(userId);
        lock (channel.Gate)
        {
            return channel.Outbound.FirstOrDefault(message => message.MessageId == messageId);
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

    public void Dispose()
    {
        lock (_logGate)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    // One line of the outbound log, in snake_case: what the load harness matches replies by. File content stays out.
    private sealed record OutboundLogLine(
        string UserId, long Seq, string MessageId, string Recipient, string Type, string? Text, string? FileName, DateTimeOffset SentAt);

    private static readonly JsonSerializerOptions LogJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    // Flushed line by line: what reached the operating system survives a SIGKILL of this process.
    private void AppendToLog(string userId, SandboxOutboundMessage message)
    {
        if (string.IsNullOrEmpty(options.Value.OutboundLogPath))
        {
            return;
        }
        lock (_logGate)
        {
            _log ??= new StreamWriter(new FileStream(options.Value.OutboundLogPath, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
            _log.WriteLine(JsonSerializer.Serialize(new OutboundLogLine(
                userId, message.Seq, message.MessageId, message.Recipient, message.Type, message.Text, message.FileName, message.SentAt),
                LogJson));
        }
    }
}
