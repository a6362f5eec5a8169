namespace MyChatImposter.Webhooks;

// Retention: delivered and failed outbox rows older than Webhooks:Retention (30 days) go; pending ones stay
// until they end.
public sealed partial class WebhooksHousekeeping(
    IWebhookOutboxStore outbox, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhooksHousekeeping> logger)
    : HourlyHousekeeping(time, logger)
{
    public override async Task PurgeAsync(CancellationToken cancellationToken)
    {
        var removed = await outbox.DeleteFinishedBeforeAsync(Time.GetUtcNow() - options.Value.Retention, cancellationToken);
        if (removed > 0)
        {
            LogPurged(Logger, removed);
        }
    }

    [LoggerMessage(EventId = 9030, Level = LogLevel.Debug, Message = "Webhooks: removed {Count} finished delivery record(s) past retention")]
    private static partial void LogPurged(ILogger logger, long count);
}
