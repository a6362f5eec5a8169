namespace MyChatImposter.Pipeline;

// Deleting a user deletes what its pipelines stored: the archive and the dead letters.
public sealed class ArchiveEraser(IMessageArchive archive) : IUserDataEraser
{
    public string Name => "archived_messages";

    public Task<long> CountAsync(string userId, CancellationToken cancellationToken) =>
        archive.CountAsync(userId, correspondentId: null, cancellationToken);

    public Task<long> EraseAsync(string userId, CancellationToken cancellationToken) =>
        archive.DeleteAsync(userId, correspondentId: null, cancellationToken);
}

public sealed class DeadLetterEraser(IDeadLetterStore deadLetters) : IUserDataEraser
{
    public string Name => "dead_letters";

    public Task<long> CountAsync(string userId, CancellationToken cancellationToken) =>
        deadLetters.CountAsync(userId, cancellationToken);

    public Task<long> EraseAsync(string userId, CancellationToken cancellationToken) =>
        deadLetters.DeleteForUserAsync(userId, cancellationToken);
}
