namespace MyChatImposter.Delivery;

// How many of a user's items wait in each queue a person looks at (sent ones are history, not depth).
public sealed record DeliveryDepths(long Active, long Holding, long Failed, long Withdrawn)
{
    public static async Task<DeliveryDepths> ReadAsync(IDeliveryStore store, string userId, CancellationToken cancellationToken) => new(
        await store.CountAsync(userId, DeliveryState.Active, cancellationToken),
        await store.CountAsync(userId, DeliveryState.Holding, cancellationToken),
        await store.CountAsync(userId, DeliveryState.Failed, cancellationToken),
        await store.CountAsync(userId, DeliveryState.Withdrawn, cancellationToken));
}
