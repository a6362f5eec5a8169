namespace MyChatImposter.Llm;

// Deleting a user erases the LLM interactions recorded for their bot, and forgets its LLM health so that
// a new bot of the same name does not start with the old one's failures.
public sealed class LlmInteractionsEraser(ILlmInteractionStore interactions, LlmHealth health) : IUserDataEraser
{
    public string Name => "llm_interactions";

    public Task<long> CountAsync(string userId, CancellationToken cancellationToken) =>
        interactions.CountAsync(userId, cancellationToken);

    public Task<long> EraseAsync(string userId, CancellationToken cancellationToken)
    {
        health.Forget(userId);
        return interactions.DeleteForUserAsync(userId, cancellationToken);
    }
}
