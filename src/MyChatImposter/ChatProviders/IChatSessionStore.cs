namespace MyChatImposter.ChatProviders;

public interface IChatSessionStore
{
    Task SaveAsync(ChatSessionRecord record, CancellationToken cancellationToken);

    Task<IReadOnlyList<ChatSessionRecord>> ListAsync(CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string userId, CancellationToken cancellationToken);
}
