using System.Threading.Channels;

namespace MyChatImposter.Bots;

// Who has a bot's link page open, and the statuses each of them is owed. Every open page gets its own
// small channel fed from ChatSessions.StatusReported for its bot: a slow page drops stale statuses
// (DropOldest) and never holds up the provider that reports them, since only the latest status matters
// to someone looking at a QR.
public sealed class LinkWatchers(ChatSessions sessions)
{
    // Only the latest unread status waits: a newer one replaces it.
    private const int Capacity = 1;

    // Raised with the bot's user id once a page stopped watching (its request ended).
    public event Action<string>? WatchEnded;

    public LinkWatch Watch(string userId)
    {
        var statuses = Channel.CreateBounded<ChatStatus>(new BoundedChannelOptions(Capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        return new LinkWatch(userId, sessions, statuses, () => WatchEnded?.Invoke(userId));
    }
}

// One open link page's subscription; disposing it unsubscribes and ends its channel.
public sealed class LinkWatch : IDisposable
{
    private readonly ChatSessions _sessions;
    private readonly Channel<ChatStatus> _statuses;
    private readonly Action _ended;
    private int _disposed;

    internal LinkWatch(string userId, ChatSessions sessions, Channel<ChatStatus> statuses, Action ended)
    {
        UserId = userId;
        _sessions = sessions;
        _statuses = statuses;
        _ended = ended;
        sessions.StatusReported += OnStatusReported;
    }

    public string UserId { get; }

    public ChannelReader<ChatStatus> Statuses => _statuses.Reader;

    private void OnStatusReported(ChatSession session, ChatStatus status)
    {
        if (string.Equals(session.UserId, UserId, StringComparison.Ordinal))
        {
            // DropOldest: this only fails once the watch is disposed, when nobody reads any more.
            _statuses.Writer.TryWrite(status);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        _sessions.StatusReported -= OnStatusReported;
        _statuses.Writer.TryComplete();
        _ended();
    }
}
