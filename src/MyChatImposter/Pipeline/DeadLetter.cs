namespace MyChatImposter.Pipeline;

// A message a pipeline stage failed on: kept for the admin to see, with the error, so nothing fails silently.
public sealed record DeadLetter(
    string UserId,
    string Stage,
    string? CorrespondentId,
    string? ProviderMessageId,
    string Error,
    DateTimeOffset FailedAt)
{
    // Assigned by the store, increasing with insertion order.
    public string? Id { get; init; }
}

public interface IDeadLetterStore
{
    Task AddAsync(DeadLetter deadLetter, CancellationToken cancellationToken);

    // Newest first; all users when userId is null; at most limit (1..500).
    Task<IReadOnlyList<DeadLetter>> ListAsync(string? userId, int limit, CancellationToken cancellationToken);

    Task<long> CountAsync(string? userId, CancellationToken cancellationToken);

    Task<long> DeleteForUserAsync(string userId, CancellationToken cancellationToken);
}
