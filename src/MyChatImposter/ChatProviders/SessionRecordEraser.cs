namespace MyChatImposter.ChatProviders;

// The linked session: its record, and what each provider kind keeps for the link outside the session (the
// sandbox's world, later the bridge's credentials). Counted as the record, so "linked_session" reads as before.
public sealed class SessionRecordEraser(IChatSessionStore records, ChatProviderFactory providers) : IUserDataEraser
{
    public string Name => "linked_session";

    // The store lists every user's record; there are as many as linked accounts, a short list.
    public async Task<long> CountAsync(string userId, CancellationToken cancellationToken) =>
        (await records.ListAsync(cancellationToken)).Any(record => record.UserId == userId) ? 1 : 0;

    public async Task<long> EraseAsync(string userId, CancellationToken cancellationToken)
    {
        foreach (var kind in providers.Registered)
        {
            await kind.EraseUserAsync(userId, cancellationToken);
        }
        return await records.DeleteAsync(userId, cancellationToken) ? 1 : 0;
    }
}
