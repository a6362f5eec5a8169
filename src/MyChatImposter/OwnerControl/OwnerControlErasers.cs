namespace MyChatImposter.OwnerControl;

// Deleting a user deletes its bot's drafts, the conversations it was told to stay quiet in, and the history
// of its replies.
public sealed class DraftsEraser(IDraftStore store) : IUserDataEraser
{
    public string Name => "drafts";

    public Task<long> CountAsync(string userId, CancellationToken cancellationToken) => store.CountForUserAsync(userId, cancellationToken);

    public Task<long> EraseAsync(string userId, CancellationToken cancellationToken) => store.DeleteForUserAsync(userId, cancellationToken);
}

public sealed class TakeoversEraser(ITakeoverStore store) : IUserDataEraser
{
    public string Name => "takeovers";

    public Task<long> CountAsync(string userId, CancellationToken cancellationToken) => store.CountForUserAsync(userId, cancellationToken);

    public Task<long> EraseAsync(string userId, CancellationToken cancellationToken) => store.DeleteForUserAsync(userId, cancellationToken);
}

public sealed class ReplyHistoryEraser(IReplyHistoryStore store) : IUserDataEraser
{
    public string Name => "reply_history";

    public Task<long> CountAsync(string userId, CancellationToken cancellationToken) => store.CountForUserAsync(userId, cancellationToken);

    public Task<long> EraseAsync(string userId, CancellationToken cancellationToken) => store.DeleteForUserAsync(userId, cancellationToken);
}
