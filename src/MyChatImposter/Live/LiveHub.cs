using System.Collections.Immutable;
using System.Threading.Channels;

namespace MyChatImposter.Live;

// Who follows which bot, and the events each of them is owed. Every subscriber (one open page) has its own
// small bounded channel; Publish only offers to those channels (TryWrite), so a publisher — a provider's
// status report, a delivery sender, an LLM call — never waits for a browser. A subscriber that falls
// Capacity events behind loses the oldest (DropOldest) and is marked as having missed some: its stream then
// sends a fresh snapshot instead of the events it lost. DropOldest rather than coalescing per kind because
// the snapshot already is the coalesced state, and a bounded channel keeps a stalled browser's memory at
// Capacity events whatever it is sent.
public sealed class LiveHub
{
    public const int Capacity = 16;

    private readonly Lock _gate = new();
    // Copied on write: publishing reads the current array without taking the lock.
    private ImmutableArray<LiveSubscription> _subscribers = [];

    // Raised after a subscription ended (its page closed or the host stopped).
    public event Action<LiveSubscription>? Unsubscribed;

    public int SubscriberCount => _subscribers.Length;

    // userId null: every bot (an administrator's dashboard). Subscribe before reading the state a page starts
    // from: a change in between is then sent after it (perhaps twice), never lost.
    public LiveSubscription Subscribe(string? userId)
    {
        var subscription = new LiveSubscription(userId, this);
        lock (_gate)
        {
            _subscribers = _subscribers.Add(subscription);
        }
        return subscription;
    }

    public void Publish(LiveEvent change)
    {
        foreach (var subscriber in _subscribers)
        {
            if (subscriber.UserId is null || string.Equals(subscriber.UserId, change.UserId, StringComparison.Ordinal))
            {
                subscriber.Offer(change);
            }
        }
    }

    internal void Remove(LiveSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Remove(subscription);
        }
        Unsubscribed?.Invoke(subscription);
    }
}

// One open page's events; disposing it unsubscribes and completes its channel.
public sealed class LiveSubscription : IDisposable
{
    private readonly LiveHub _hub;
    private readonly Channel<LiveEvent> _events;
    private int _missed;
    private int _disposed;

    internal LiveSubscription(string? userId, LiveHub hub)
    {
        UserId = userId;
        _hub = hub;
        _events = Channel.CreateBounded<LiveEvent>(
            new BoundedChannelOptions(LiveHub.Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Volatile.Write(ref _missed, 1));
    }

    // Null: every bot.
    public string? UserId { get; }

    public ChannelReader<LiveEvent> Events => _events.Reader;

    // True once after events were dropped: the reader should start again from a snapshot.
    public bool TakeMissed() => Interlocked.Exchange(ref _missed, 0) == 1;

    // Fails only once disposed, when nobody reads any more.
    internal void Offer(LiveEvent change) => _events.Writer.TryWrite(change);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        _events.Writer.TryComplete();
        _hub.Remove(this);
    }
}
