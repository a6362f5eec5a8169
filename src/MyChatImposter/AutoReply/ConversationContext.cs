namespace MyChatImposter.AutoReply;

// A running bot's conversation histories: what the next prompt recalls, what an answered turn adds, and
// clearing them. Writes go through one gate, so a clear can never be undone by a turn that read the history
// before it and writes back after it: the turn's exchange is added to whatever is there at that moment.
public sealed class ConversationContext(string userId, ContextConfig limits, IConversationContextStore store, TimeProvider time)
{
    // The key of the one history a bot with shared_context keeps for everyone (the original's API name).
    public const string SharedKey = "SHARED_CONTEXT";

    private readonly SemaphoreSlim _gate = new(1, 1);

    // The history of a conversation: its own, or the shared one.
    public string KeyFor(string correspondentId) => limits.SharedContext ? SharedKey : correspondentId;

    // The history to prompt with, trimmed as context_config says.
    public async Task<IReadOnlyList<ContextEntry>> RecallAsync(string correspondentId, CancellationToken cancellationToken) =>
        ContextHistory.Trim(await store.GetAsync(userId, KeyFor(correspondentId), cancellationToken), limits, time.GetUtcNow());

    // After a reply was handed to the delivery queue: the people's lines it answered and the bot's reply join
    // the history, which is kept trimmed, so what is stored is what the next prompt can use.
    public async Task RememberAsync(
        string correspondentId, IReadOnlyList<Utterance> answered, string reply, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var key = KeyFor(correspondentId);
            List<ContextEntry> history = [.. await store.GetAsync(userId, key, cancellationToken),
                .. answered.Select(utterance => ContextHistory.PersonLine(utterance.Line, limits, now)),
                ContextHistory.BotLine(reply, limits, now)];
            await store.SaveAsync(userId, key, ContextHistory.Trim(history, limits, now), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    // A reply that was remembered when it was queued and then withdrawn before it went out: the bot must not
    // recall having said it. Removes the newest bot line with that text; the people's lines stay (they were said).
    public async Task ForgetReplyAsync(string correspondentId, string reply, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var key = KeyFor(correspondentId);
            var line = ContextHistory.BotLine(reply, limits, time.GetUtcNow()).Content;
            var history = (await store.GetAsync(userId, key, cancellationToken)).ToList();
            var index = history.FindLastIndex(entry => entry.FromBot && entry.Content == line);
            if (index >= 0)
            {
                history.RemoveAt(index);
                await store.SaveAsync(userId, key, history, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    // Forgets every history of the bot (both modes' keys); returns how many there were.
    public async Task<long> ClearAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await store.DeleteAsync(userId, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }
}
