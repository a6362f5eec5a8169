namespace MyChatImposter.Webhooks;

// Deleting a bot deletes its webhook subscriptions and its outbox: nothing pending is sent afterwards.
public sealed class WebhookSubscriptionsEraser(WebhookSubscriptions subscriptions, IWebhookSubscriptionStore store) : IUserDataEraser
{
    public string Name => "webhooks";

    public Task<long> CountAsync(string userId, CancellationToken cancellationToken) => store.CountForUserAsync(userId, cancellationToken);

    public Task<long> EraseAsync(string userId, CancellationToken cancellationToken) => subscriptions.DeleteForUserAsync(userId, cancellationToken);
}

public sealed class WebhookOutboxEraser(IWebhookOutboxStore store) : IUserDataEraser
{
    public string Name => "webhook_deliveries";

    public Task<long> CountAsync(string userId, CancellationToken cancellationToken) => store.CountForUserAsync(userId, cancellationToken);

    public Task<long> EraseAsync(string userId, CancellationToken cancellationToken) => store.DeleteForUserAsync(userId, cancellationToken);
}
