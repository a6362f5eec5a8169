using MyChatImposter.ChatProviders;

namespace MyChatImposter.Llm;

// Deleting a user erases the LLM interactions recorded for their bot.
public sealed class LlmInteractionsEraser(ILlmInteractionStore interactions) : IUserDataEraser
{
    public string Name => "llm_interactions";

    public Task<long> EraseAsync(string userId, CancellationToken cancellationToken) =>
        interactions.DeleteForUserAsync(userId, cancellationToken);
}
