namespace MyChatImposter.Webhooks;

// Records an event for every enabled subscription of the bot that asked for it: one outbox row per
// subscription, all with the event's id, stored before the dispatcher is woken, so from here on a restart
// loses nothing (at least once). A bot without such a subscription costs a look into a cache and writes nothing.
// A failure to record is logged and swallowed: the event's source (the pipeline, the delivery queue) must not
// fail because a webhook could not be queued.
public sealed partial class WebhookEvents(
    WebhookSubscriptions subscriptions, IWebhookOutboxStore outbox, WebhookDispatcher dispatcher, TimeProvider time,
    ILogger<WebhookEvents> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    // The rows written (0 when nobody subscribed or the write failed).
    public async Task<int> RecordAsync<TData>(string userId, string eventType, TData data, CancellationToken cancellationToken)
    {
        try
        {
            var wanting = await subscriptions.WantingAsync(userId, eventType, cancellationToken);
            if (wanting.Count == 0)
            {
                return 0;
            }
            var rows = Rows(userId, eventType, data, wanting);
            await outbox.AddAsync(rows, cancellationToken);
            dispatcher.Wake();
            return rows.Count;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception error)
        {
            LogNotRecorded(logger, error, eventType, userId);
            return 0;
        }
    }

    // A `ping` to one subscription, whatever it asked for and even when disabled: the owner's test.
    public async Task<WebhookDelivery> PingAsync(WebhookSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var row = Rows(subscription.UserId, WebhookEventTypes.Ping, new PingData(subscription.Id), [subscription])[0];
        await outbox.AddAsync([row], cancellationToken);
        dispatcher.Wake();
        return row;
    }

    private List<WebhookDelivery> Rows<TData>(string userId, string eventType, TData data, IReadOnlyList<WebhookSubscription> to)
    {
        var now = time.GetUtcNow();
        var eventId = Guid.NewGuid().ToString();
        var payload = JsonSerializer.Serialize(data, Json);
        return [.. to.Select(subscription => new WebhookDelivery(Guid.NewGuid().ToString("N"), eventId, subscription.Id, userId, eventType,
            payload, now, WebhookDeliveryState.Pending, 0, now))];
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Error, Message = "Could not record the {EventType} webhook event of {UserId}; it is not sent")]
    private static partial void LogNotRecorded(ILogger logger, Exception error, string eventType, string userId);
}

// The `data` of each event type, serialised in snake_case.
public sealed record MessageReceivedData(
    string CorrespondentId, long MessageId, string ProviderMessageId, string Text, string? SenderName, DateTimeOffset Timestamp,
    bool IsGroup, string? GroupId, string? GroupName);

public sealed record DeliveryData(
    string ItemId, string Recipient, string Origin, string MessageType, string? Text, int Attempts, string? Error, DateTimeOffset? At);

public sealed record DigestData(string ItemId, string? FileName, string? Caption, DateTimeOffset? SentAt);

public sealed record SessionStatusData(string Status);

public sealed record PingData(string WebhookId);
