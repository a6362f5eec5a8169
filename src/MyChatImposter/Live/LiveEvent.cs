namespace MyChatImposter.Live;

// What changed for one bot, published to the pages that follow it. Small and typed; never a message's text.
// The stream turns each into what its page shows when it writes it (LiveViews), not when it is published,
// so publishers do no I/O for it.
public abstract record LiveEvent(string UserId);

// Status null: the session stopped and is gone, which the pages show as disconnected.
public sealed record SessionStatusChanged(string UserId, ChatStatus? Status) : LiveEvent(UserId);

public sealed record DeliveryChanged(string UserId, string? ItemId, DeliveryState? State) : LiveEvent(UserId);

public sealed record SandboxMessage(string UserId, string Conversation, bool Outbound) : LiveEvent(UserId);

public sealed record LlmHealthChanged(string UserId) : LiveEvent(UserId);
