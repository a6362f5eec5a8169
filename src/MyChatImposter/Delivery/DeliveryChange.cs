namespace MyChatImposter.Delivery;

// Something in a user's queue moved: an item (ItemId, now in State) or several at once (ItemId null; State
// null when they went in more than one direction or were erased). Raised by DeliveryQueue after the store
// has the change, for the live pages; it says what changed, never the message.
public sealed record DeliveryChange(string UserId, string? ItemId, DeliveryState? State);
