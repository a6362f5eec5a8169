namespace MyChatImposter.AutoReply;

// Deleting a user deletes what its bot remembers of its conversations.
public sealed class ConversationContextEraser(IConversationContextStore store) : IUserDataEraser
{
    public string Name => "auto_reply_context";

    // One per history, as DeleteAsync counts them.
    public async Task<long> CountAsync(string userId, CancellationToken cancellationToken) =>
        (await store.GetAllAsync(userId, cancellationToken)).Count;

    public Task<long> EraseAsync(string userId, CancellationToken cancellationToken) => store.DeleteAsync(userId, cancellationToken);
}
