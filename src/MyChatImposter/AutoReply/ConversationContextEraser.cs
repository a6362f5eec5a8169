using MyChatImposter.ChatProviders;

namespace MyChatImposter.AutoReply;

// Deleting a user deletes what its bot remembers of its conversations.
public sealed class ConversationContextEraser(IConversationContextStore store) : IUserDataEraser
{
    public string Name => "auto_reply_context";

    public Task<long> EraseAsync(string userId, CancellationToken cancellationToken) => store.DeleteAsync(userId, cancellationToken);
}
