namespace MyChatImposter.AutoReply;

// What a bot remembers of its conversations, for the context API and the memory page: whatever is stored,
// whether or not the bot runs or auto-reply is on now (it is what the bot will recall when it is), and
// clearing it. A running bot is cleared through its feature, so no turn in flight writes an old history back.
public sealed class BotMemory(IConversationContextStore store, ChatSessions sessions)
{
    public Task<IReadOnlyDictionary<string, IReadOnlyList<ContextEntry>>> ReadAsync(string userId, CancellationToken cancellationToken) =>
        store.GetAllAsync(userId, cancellationToken);

    // Returns how many histories were forgotten.
    public Task<long> ClearAsync(string userId, CancellationToken cancellationToken) =>
        sessions.Get(userId)?.Pipeline.Features.OfType<AutoReplyFeature>().FirstOrDefault() is { } running
            ? running.Context.ClearAsync(cancellationToken)
            : store.DeleteAsync(userId, cancellationToken);

    // Whether the bot runs with auto-reply now.
    public bool IsAnswering(string userId) =>
        sessions.Get(userId)?.Pipeline.Features.OfType<AutoReplyFeature>().Any() == true;
}
