using System.Threading.Channels;

namespace MyChatImposter.Webhooks;

// Where the events besides message.received come from: the sessions' status reports and stops, and the
// delivery queue's changes (an item sent or failed; a group-tracking digest sent is digest.sent instead of
// reply.sent). Those are raised synchronously by their sources, so each is only noted here and recorded by the
// loop below, which reads the item from the store: the sender is never held up by a webhook's database write.
// The notes are unbounded on purpose: each is small, and dropping one would lose an event.
// A status is an event only when it differs from the last one the bot reported (a QR refresh is not a change),
// and its QR code is never sent.
public sealed partial class WebhookFeeds(
    ChatSessions sessions, DeliveryQueue delivery, IDeliveryStore items, WebhookEvents events, WebhookSubscriptions subscriptions,
    ILogger<WebhookFeeds> logger)
    : BackgroundService
{
    public const string Stopped = "stopped";

    private readonly Channel<Func<CancellationToken, Task>> _notes =
        Channel.CreateUnbounded<Func<CancellationToken, Task>>(new UnboundedChannelOptions { SingleReader = true });

    private readonly ConcurrentDictionary<string, string> _lastStatus = new(StringComparer.Ordinal);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        sessions.StatusReported += OnStatusReported;
        sessions.SessionStopped += OnSessionStopped;
        delivery.Changed += OnDeliveryChanged;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        sessions.StatusReported -= OnStatusReported;
        sessions.SessionStopped -= OnSessionStopped;
        delivery.Changed -= OnDeliveryChanged;
        _notes.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Drained to the end on a stop: what was noted is recorded (each record swallows its own failure).
        await foreach (var note in _notes.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                await note(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogNotRecorded(logger, error);
            }
        }
    }

    private void OnStatusReported(ChatSession session, ChatStatus status)
    {
        if (_lastStatus.TryGetValue(session.UserId, out var last) && last == status.Status)
        {
            return;
        }
        _lastStatus[session.UserId] = status.Status;
        Note(token => events.RecordAsync(session.UserId, WebhookEventTypes.SessionStatusChanged, new SessionStatusData(status.Status), token));
    }

    private void OnSessionStopped(ChatSession session)
    {
        _lastStatus.TryRemove(session.UserId, out _);
        Note(token => events.RecordAsync(session.UserId, WebhookEventTypes.SessionStatusChanged, new SessionStatusData(Stopped), token));
    }

    private void OnDeliveryChanged(DeliveryChange change)
    {
        if (change is { ItemId: { } itemId, State: DeliveryState.Sent or DeliveryState.Failed })
        {
            Note(token => RecordDeliveryAsync(change.UserId, itemId, token));
        }
    }

    private void Note(Func<CancellationToken, Task> record) => _notes.Writer.TryWrite(record);

    private async Task RecordDeliveryAsync(string userId, string itemId, CancellationToken cancellationToken)
    {
        if (!await AnyWantsAsync(userId, cancellationToken) || await items.GetAsync(itemId, cancellationToken) is not { } item)
        {
            return;
        }
        if (item is { State: DeliveryState.Sent, Origin: GroupTrackingRunner.Origin })
        {
            var document = DeliveryContent.Decode(item.MessageType, item.Content) as DocumentContent;
            await events.RecordAsync(userId, WebhookEventTypes.DigestSent,
                new DigestData(item.Id, document?.FileName, document?.Caption, item.SentAt), cancellationToken);
            return;
        }
        var text = DeliveryContent.Decode(item.MessageType, item.Content) switch
        {
            TextContent content => content.Text,
            DocumentContent content => content.Caption,
            _ => null,
        };
        var (type, at) = item.State == DeliveryState.Sent
            ? (WebhookEventTypes.ReplySent, item.SentAt)
            : (WebhookEventTypes.DeliveryFailed, item.FailedAt);
        await events.RecordAsync(userId, type,
            new DeliveryData(item.Id, item.Recipient, item.Origin, item.MessageType, text, item.Attempts, item.LastError, at), cancellationToken);
    }

    // Skips the store read for the bots (most) without a subscription to delivery events.
    private async Task<bool> AnyWantsAsync(string userId, CancellationToken cancellationToken)
    {
        foreach (var type in (string[])[WebhookEventTypes.ReplySent, WebhookEventTypes.DeliveryFailed, WebhookEventTypes.DigestSent])
        {
            if ((await subscriptions.WantingAsync(userId, type, cancellationToken)).Count > 0)
            {
                return true;
            }
        }
        return false;
    }

    [LoggerMessage(EventId = 9020, Level = LogLevel.Error, Message = "A session or delivery change could not be recorded as a webhook event")]
    private static partial void LogNotRecorded(ILogger logger, Exception error);
}
