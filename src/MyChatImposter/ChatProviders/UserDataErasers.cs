using MyChatImposter.ChatProviders.Sandbox;
using MyChatImposter.Pipeline;

namespace MyChatImposter.ChatProviders;

public sealed class ArchiveEraser(IMessageArchive archive) : IUserDataEraser
{
    public string Name => "archived_messages";

    public Task<long> EraseAsync(string userId, CancellationToken cancellationToken) =>
        archive.DeleteAsync(userId, correspondentId: null, cancellationToken);
}

public sealed class DeadLetterEraser(IDeadLetterStore deadLetters) : IUserDataEraser
{
    public string Name => "dead_letters";

    public Task<long> EraseAsync(string userId, CancellationToken cancellationToken) =>
        deadLetters.DeleteForUserAsync(userId, cancellationToken);
}

public sealed class SessionRecordEraser(IChatSessionStore records, SandboxWorld sandbox) : IUserDataEraser
{
    public string Name => "linked_session";

    public async Task<long> EraseAsync(string userId, CancellationToken cancellationToken)
    {
        sandbox.Forget(userId);
        return await records.DeleteAsync(userId, cancellationToken) ? 1 : 0;
    }
}
