namespace MyChatImposter.ChatProviders;

// One kind of chat network (the sandbox, WhatsApp through its bridge). A kind plugs in by registering itself
// keyed by its ChatProviderKind in its own registration code, so linking, unlinking, status and erasure
// work alike for every kind and no lifecycle code names one.
public interface IChatProviderKind
{
    IChatProvider Create(string userId, ChatProviderSettings settings);

    // Deleting a user: forget what this kind keeps for them outside a live session (the sandbox's world,
    // the bridge's credentials). Called for every registered kind, not only the one the user is linked to
    // now, because a user who switched providers may have left state in the other.
    Task EraseUserAsync(string userId, CancellationToken cancellationToken);
}
