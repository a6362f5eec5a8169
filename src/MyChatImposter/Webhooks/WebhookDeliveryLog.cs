namespace MyChatImposter.Webhooks;

// "Send again", for the API and the page: the row goes back to pending and due now (its attempts counted from
// zero, its event id kept, so a receiver that did get it can tell), and the dispatcher is woken.
public sealed class WebhookDeliveryLog(IWebhookOutboxStore outbox, WebhookDispatcher dispatcher, TimeProvider time)
{
    public async Task<WebhookDelivery?> RedeliverAsync(string userId, string deliveryId, CancellationToken cancellationToken)
    {
        if (!await outbox.RedeliverAsync(userId, deliveryId, time.GetUtcNow(), cancellationToken))
        {
            return null;
        }
        dispatcher.Wake();
        return await outbox.GetAsync(userId, deliveryId, cancellationToken);
    }
}
