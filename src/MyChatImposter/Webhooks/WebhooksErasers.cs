namespace MyChatImposter.Webhooks;

// Deleting a bot deletes its webhook subscriptions (through WebhookSubscriptions, which caches them)
// and its outbox (a UserRecordsEraser): nothing pending is sent afterwards.
public sealed class WebhookSubscriptionsEraser(WebhookSubscriptions subscriptions, IWebhookSubscriptionStore store) : IUserDataEraser
{
    public string Name => "webhooks";

    public Task<long> CountAsync(string userId, CancellationToken cancellationToken) => store.CountForUserAsync(userId, cancellationToken);

    public Task<long> EraseAsync(string userId, CancellationToken cancellationToken) => subscriptions.DeleteForUserAsync(userId, cancellationToken);
}
