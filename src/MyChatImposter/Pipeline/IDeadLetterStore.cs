namespace MyChatImposter.Pipeline;

public interface IDeadLetterStore
{
    Task AddAsync(DeadLetter deadLetter, CancellationToken cancellationToken);

    // Newest first; all users when userId is null; at most limit (1..500).
    Task<IReadOnlyList<DeadLetter>> ListAsync(string? userId, int limit, CancellationToken cancellationToken);

    Task<long> CountAsync(string? userId, CancellationToken cancellationToken);

    Task<long> DeleteForUserAsync(string userId, CancellationToken cancellationToken);
}
