namespace MyChatImposter.Webhooks;

// Every bot's webhook subscriptions.
public interface IWebhookSubscriptionStore : IUserRecords
{
    Task AddAsync(WebhookSubscription subscription, CancellationToken cancellationToken);

    Task<WebhookSubscription?> GetAsync(string userId, string id, CancellationToken cancellationToken);

    // The bot's subscriptions, oldest first.
    Task<IReadOnlyList<WebhookSubscription>> ListAsync(string userId, CancellationToken cancellationToken);

    // Replaces url, events, enabled and secret of the subscription (its id, user and creation stay); false
    // when it does not exist.
    Task<bool> UpdateAsync(WebhookSubscription subscription, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string userId, string id, CancellationToken cancellationToken);
}
