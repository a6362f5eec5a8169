using System.Collections.Concurrent;
using System.Threading.Channels;
using MyChatImposter.Delivery;

namespace MyChatImposter.Tests.AutoReply;

// The delivery queue of the tests (the real one comes from the delivery branch): keeps what is enqueued.
public sealed class RecordingDeliveryQueue : IDeliveryQueue
{
    private readonly Channel<OutboundMessage> _arrivals = Channel.CreateUnbounded<OutboundMessage>();
    private int _next;

    public ConcurrentQueue<OutboundMessage> Enqueued { get; } = new();

    // When set, EnqueueAsync throws it (a store that cannot be written).
    public Exception? Failure { get; set; }

    public async Task<DeliveryItemId> EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Failure is { } failure)
        {
            throw failure;
        }
        Enqueued.Enqueue(message);
        await _arrivals.Writer.WriteAsync(message, cancellationToken);
        return new DeliveryItemId(message.Id ?? $"item-{Interlocked.Increment(ref _next)}");
    }

    // Nothing recorded here is ever sent, so a takeover has nothing of its to withdraw; the real queue's
    // withdrawal is tested against both stores and end to end.
    public Task<IReadOnlyList<DeliveryItem>> WithdrawAsync(string userId, string recipient, string origin, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DeliveryItem>>([]);

    // The next message enqueued (in order), waiting for it if need be.
    public async Task<OutboundMessage> NextAsync() => await _arrivals.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    public IReadOnlyList<string> Texts => [.. Enqueued.Select(message => ((TextContent)message.Content).Text)];
}
