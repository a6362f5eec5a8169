namespace MyChatImposter.AutoReply;

// The bots' conversation histories, kept so that a reload, a relink or a restart does not make a bot forget
// (the original kept them in memory only). One history per (user, context key): the key is a correspondent
// id, or ConversationContext.SharedKey when the bot shares one history between everyone.
public interface IConversationContextStore
{
    // Oldest first; empty when nothing is kept under the key.
    Task<IReadOnlyList<ContextEntry>> GetAsync(string userId, string contextKey, CancellationToken cancellationToken);

    // Every history of the user by key, keys in ordinal order.
    Task<IReadOnlyDictionary<string, IReadOnlyList<ContextEntry>>> GetAllAsync(string userId, CancellationToken cancellationToken);

    // Replaces the history under the key; an empty list removes it.
    Task SaveAsync(string userId, string contextKey, IReadOnlyList<ContextEntry> entries, CancellationToken cancellationToken);

    // Removes every history of the user; returns how many keys held one.
    Task<long> DeleteAsync(string userId, CancellationToken cancellationToken);
}
