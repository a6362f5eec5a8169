using System.Collections.Concurrent;
using MyChatImposter.ChatProviders;
using MyChatImposter.Configuration;

namespace MyChatImposter.Tests.ChatProviders;

// A second chat provider kind that exists only in tests, plugged in through the seam alone (a keyed
// registration): it keeps every provider it made and every user it was asked to erase.
public sealed class RecordingChatProviderKind(ChatProviderKind kind) : IChatProviderKind
{
    private readonly ConcurrentQueue<RecordingChatProvider> _created = new();
    private readonly ConcurrentQueue<string> _erased = new();

    public IReadOnlyList<RecordingChatProvider> Created => [.. _created];

    public IReadOnlyList<string> Erased => [.. _erased];

    public IChatProvider Create(string userId, ChatProviderSettings settings)
    {
        var provider = new RecordingChatProvider(kind, userId, settings);
        _created.Enqueue(provider);
        return provider;
    }

    public Task EraseUserAsync(string userId, CancellationToken cancellationToken)
    {
        _erased.Enqueue(userId);
        return Task.CompletedTask;
    }
}

// Links as WhatsApp does: a QR first, connected once it is scanned. Records how it was stopped and what it
// was asked to send; nothing leaves the process.
public sealed class RecordingChatProvider(ChatProviderKind kind, string userId, ChatProviderSettings settings) : IChatProvider
{
    public const string Qr = "data:image/png;base64,UVI=";

    private IChatSessionSink? _sink;
    private volatile ChatStatus _status = new(ChatStatus.Initializing);
    private readonly ConcurrentQueue<(string Recipient, string Text)> _sent = new();
    private readonly Lock _heartbeatGate = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _heartbeatWaits = [];
    private int _heartbeats;

    public ChatProviderKind Kind => kind;

    public string UserId => userId;

    public ChatProviderSettings Settings => settings;

    public ChatStatus Status => _status;

    // null while it runs; then whether the stop was a logout (unlink, delete) or not (reload, shutdown).
    public bool? StoppedWithLogout { get; private set; }

    public bool Disposed { get; private set; }

    public IReadOnlyList<(string Recipient, string Text)> Sent => [.. _sent];

    public Task StartAsync(IChatSessionSink sink, CancellationToken cancellationToken)
    {
        _sink = sink;
        Report(new ChatStatus(ChatStatus.Linking, Qr));
        return Task.CompletedTask;
    }

    // How many times someone said they look at the QR (Heartbeat).
    public int Heartbeats => Volatile.Read(ref _heartbeats);

    // The code changed, as WhatsApp's does every few seconds.
    public void ShowQr(string qr) => Report(new ChatStatus(ChatStatus.Linking, qr));

    public void Report(string status) => Report(new ChatStatus(status));

    public void Heartbeat()
    {
        lock (_heartbeatGate)
        {
            _heartbeats++;
            foreach (var wait in _heartbeatWaits.Where(wait => _heartbeats >= wait.Count).ToList())
            {
                wait.Reached.TrySetResult();
                _heartbeatWaits.Remove(wait);
            }
        }
    }

    // Completes once Heartbeat has been called count times in all.
    public Task HeartbeatsReachedAsync(int count)
    {
        lock (_heartbeatGate)
        {
            if (_heartbeats >= count)
            {
                return Task.CompletedTask;
            }
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _heartbeatWaits.Add((count, reached));
            return reached.Task;
        }
    }

    // The person scanned the QR with their phone.
    public void Scanned() => Report(new ChatStatus(ChatStatus.Connected));

    // Someone writes to the user; completes once the pipeline has archived it.
    public Task<IngestOutcome> ReceiveAsync(string correspondentId, string text)
    {
        var sink = _sink ?? throw new InvalidOperationException("The provider is not running.");
        var sender = new ChatParty(correspondentId, null, [correspondentId]);
        return sink.SubmitAsync(new InboundMessage($"rec-{Guid.NewGuid():N}", correspondentId, sender, null, text,
            MessageDirection.Incoming, userId, null), CancellationToken.None);
    }

    public Task StopAsync(bool logout, CancellationToken cancellationToken)
    {
        StoppedWithLogout = logout;
        Report(new ChatStatus(ChatStatus.Disconnected));
        _sink = null;
        return Task.CompletedTask;
    }

    public Task<string> SendTextAsync(string recipient, string text, CancellationToken cancellationToken)
    {
        _sent.Enqueue((recipient, text));
        return Task.FromResult($"rec-out-{Guid.NewGuid():N}");
    }

    public Task<string> SendDocumentAsync(
        string recipient, byte[] content, string fileName, string mimeType, string? caption, CancellationToken cancellationToken) =>
        SendTextAsync(recipient, $"[{fileName}]", cancellationToken);

    public Task SendPresenceAsync(string recipient, ChatPresence presence, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<ChatGroupInfo>> ListGroupsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ChatGroupInfo>>([]);

    public Task<IReadOnlyList<InboundMessage>?> FetchGroupMessagesAsync(string groupId, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<InboundMessage>?>([]);

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }

    private void Report(ChatStatus status)
    {
        _status = status;
        _sink?.StatusChanged(status);
    }
}
