namespace MyChatImposter.Pipeline;

// Deleting archived messages must also reach the live session, if any: its windows would otherwise keep
// feeding features the deleted messages, and its archive writer would go on numbering after ids that no
// longer exist (after a deletion they restart at 1). The API and the archive page both delete through here.
public sealed class ArchiveDeletion(IMessageArchive archive, ChatSessions sessions)
{
    // Of one correspondent, or everything when correspondentId is null; returns how many were deleted.
    public async Task<long> DeleteAsync(string userId, string? correspondentId, CancellationToken cancellationToken)
    {
        var deleted = await archive.DeleteAsync(userId, correspondentId, cancellationToken);
        if (sessions.Get(userId) is { } session)
        {
            session.Pipeline.Windows.Clear(correspondentId);
            session.Pipeline.ArchiveWriter.Forget(correspondentId is null ? null : [correspondentId]);
        }
        return deleted;
    }
}
