namespace MyChatImposter.Delivery;

public sealed class DeliveryItemsEraser(DeliveryQueue queue, IDeliveryStore store) : IUserDataEraser
{
    public string Name => "delivery_items";

    // Every state's items: erasing takes them all, the sent ones kept for the caps included.
    public async Task<long> CountAsync(string userId, CancellationToken cancellationToken)
    {
        long count = 0;
        foreach (var state in Enum.GetValues<DeliveryState>())
        {
            count += await store.CountAsync(userId, state, cancellationToken);
        }
        return count;
    }

    public Task<long> EraseAsync(string userId, CancellationToken cancellationToken) => queue.EraseAsync(userId, cancellationToken);
}
