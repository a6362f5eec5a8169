using System.Threading.Channels;

namespace MyChatImposter.Webhooks;

// Sends the outbox. One loop: start every due pending row (at most MaxConcurrentSends at once), then sleep
// until the next row falls due (a timer on TimeProvider) or a wake signal says rows were written; at start the
// first pass finds every row a previous run left pending.
// Where a crash can land: an attempt first claims its row (Attempts + 1, NextAttemptAt pushed past the
// timeout), then sends, then records the outcome. A crash after the claim leaves the row pending, due once the
// lease ends: the event is sent again with the same id, which is why receivers dedupe on X-Imposter-Event-Id.
public sealed partial class WebhookDispatcher(
    IWebhookOutboxStore outbox, IWebhookSubscriptionStore subscriptions, WebhookSecrets secrets, WebhookSender sender,
    IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 100;

    // Longest sleep without a look at the outbox, and the pause after the store failed.
    private static readonly TimeSpan LongestSleep = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan AfterStoreFailure = TimeSpan.FromSeconds(30);

    // A signal, not a queue: one waiting wake already makes the loop look again, so a second one adds nothing
    // and is dropped on purpose (DropWrite on a channel of one).
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentSends);
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    // Raised after an attempt's outcome is stored (tests await it instead of polling).
    public event Action<WebhookDelivery, WebhookAttemptOutcome>? AttemptRecorded;

    public void Wake() => _wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                DateTimeOffset? nextDue;
                try
                {
                    await StartDueAsync(stoppingToken);
                    nextDue = await outbox.NextDueAtAsync(stoppingToken);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    LogPassFailed(logger, error);
                    nextDue = time.GetUtcNow() + AfterStoreFailure;
                }
                await SleepAsync(nextDue, stoppingToken);
            }
        }
        finally
        {
            // Attempts cut short by the stop keep their rows pending: the next start sends them.
            await Task.WhenAll(_running.Keys);
        }
    }

    public override void Dispose()
    {
        _slots.Dispose();
        base.Dispose();
    }

    private async Task StartDueAsync(CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        foreach (var row in await outbox.DueAsync(now, BatchSize, stoppingToken))
        {
            await _slots.WaitAsync(stoppingToken);
            var lease = time.GetUtcNow() + options.Value.Timeout * 2;
            if (!await outbox.ClaimAsync(row.Id, now, lease, stoppingToken))
            {
                _slots.Release();
                continue;
            }
            var attempt = AttemptAsync(row with { Attempts = row.Attempts + 1 }, stoppingToken);
            _running.TryAdd(attempt, 0);
            _ = attempt.ContinueWith(done => _running.TryRemove(done, out _), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task AttemptAsync(WebhookDelivery row, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var outcome = await SendAsync(row, stoppingToken);
            if (await outbox.FinishAttemptAsync(row.Id, outcome, stoppingToken))
            {
                Log(row, outcome);
                AttemptRecorded?.Invoke(row, outcome);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            LogAttemptFailed(logger, error, row.Id, row.UserId);
        }
        finally
        {
            _slots.Release();
            // The row's next due time changed (or a slot is free): the loop must not sleep on the old one.
            Wake();
        }
    }

    private async Task<WebhookAttemptOutcome> SendAsync(WebhookDelivery row, CancellationToken stoppingToken)
    {
        if (await subscriptions.GetAsync(row.UserId, row.SubscriptionId, stoppingToken) is not { } subscription)
        {
            return new(WebhookDeliveryState.Failed, null, null, "the subscription was deleted", null);
        }
        var result = secrets.Reveal(subscription.UserId, subscription.StoredSecret) is { } secret
            ? await sender.SendAsync(row, subscription, secret, stoppingToken)
            : new WebhookSender.Result(false, null, "the signing secret cannot be decrypted with this host's keys; rotate it");
        var now = time.GetUtcNow();
        if (result.Delivered)
        {
            return new(WebhookDeliveryState.Delivered, null, result.StatusCode, null, now);
        }
        return WebhookBackoff.NextAttemptAt(row.Attempts, now) is { } next
            ? new(WebhookDeliveryState.Pending, next, result.StatusCode, result.Error, null)
            : new(WebhookDeliveryState.Failed, null, result.StatusCode, result.Error, null);
    }

    private async Task SleepAsync(DateTimeOffset? nextDue, CancellationToken stoppingToken)
    {
        var sleep = nextDue is { } due ? due - time.GetUtcNow() : LongestSleep;
        if (sleep <= TimeSpan.Zero)
        {
            return;
        }
        using var sleeping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var woken = _wake.Reader.WaitToReadAsync(sleeping.Token).AsTask();
        var timer = Task.Delay(sleep < LongestSleep ? sleep : LongestSleep, time, sleeping.Token);
        await Task.WhenAny(woken, timer);
        await sleeping.CancelAsync();
        stoppingToken.ThrowIfCancellationRequested();
        _wake.Reader.TryRead(out _);
    }

    private void Log(WebhookDelivery row, WebhookAttemptOutcome outcome)
    {
        switch (outcome.State)
        {
            case WebhookDeliveryState.Delivered:
                LogDelivered(logger, row.EventType, row.EventId, row.UserId, row.Attempts);
                break;
            case WebhookDeliveryState.Pending:
                LogRetrying(logger, row.EventType, row.EventId, row.UserId, row.Attempts, outcome.Error, outcome.NextAttemptAt);
                break;
            default:
                LogGaveUp(logger, row.EventType, row.EventId, row.UserId, row.Attempts, outcome.Error);
                break;
        }
    }

    [LoggerMessage(EventId = 9010, Level = LogLevel.Debug, Message = "Webhook {EventType} {EventId} of {UserId} delivered at attempt {Attempt}")]
    private static partial void LogDelivered(ILogger logger, string eventType, string eventId, string userId, int attempt);

    [LoggerMessage(EventId = 9011, Level = LogLevel.Information,
        Message = "Webhook {EventType} {EventId} of {UserId} not delivered at attempt {Attempt} ({Error}); next try at {NextAttemptAt:o}")]
    private static partial void LogRetrying(
        ILogger logger, string eventType, string eventId, string userId, int attempt, string? error, DateTimeOffset? nextAttemptAt);

    [LoggerMessage(EventId = 9012, Level = LogLevel.Warning,
        Message = "Webhook {EventType} {EventId} of {UserId} failed for good after {Attempt} attempt(s): {Error}")]
    private static partial void LogGaveUp(ILogger logger, string eventType, string eventId, string userId, int attempt, string? error);

    [LoggerMessage(EventId = 9013, Level = LogLevel.Error, Message = "Webhook delivery {DeliveryId} of {UserId} could not be attempted; it stays pending")]
    private static partial void LogAttemptFailed(ILogger logger, Exception error, string deliveryId, string userId);

    [LoggerMessage(EventId = 9014, Level = LogLevel.Error, Message = "The webhook outbox could not be read; looking again shortly")]
    private static partial void LogPassFailed(ILogger logger, Exception error);
}
