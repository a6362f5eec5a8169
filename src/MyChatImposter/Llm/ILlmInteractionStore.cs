namespace MyChatImposter.Llm;

public interface ILlmInteractionStore
{
    Task AddAsync(LlmInteraction interaction, CancellationToken cancellationToken);

    // The user's interactions newest first, at most limit (1..LlmInteractionPaging.MaxLimit), older than the
    // one whose Id is before when given. A before that is no id of this store is an ArgumentException.
    Task<IReadOnlyList<LlmInteraction>> ListAsync(string userId, string? before, int limit, CancellationToken cancellationToken);

    Task<long> CountAsync(string userId, CancellationToken cancellationToken);

    // Retention: everything that started before the cutoff, for all users.
    Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    Task<long> DeleteForUserAsync(string userId, CancellationToken cancellationToken);
}
