namespace MyChatImposter.Pipeline;

// A user's dead letters are erased with the user (AddUserRecordsEraser, in AddPipeline).
public interface IDeadLetterStore : IUserRecords
{
    Task AddAsync(DeadLetter deadLetter, CancellationToken cancellationToken);

    // Newest first; all users when userId is null; at most limit (1..500).
    Task<IReadOnlyList<DeadLetter>> ListAsync(string? userId, int limit, CancellationToken cancellationToken);

    Task<long> CountAsync(string? userId, CancellationToken cancellationToken);

    Task<long> IUserRecords.CountForUserAsync(string userId, CancellationToken cancellationToken) => CountAsync(userId, cancellationToken);
}
