namespace MyChatImposter.OwnerControl;

// The conversations each bot stays quiet in, one row per (user, conversation), kept across restarts.
public interface ITakeoverStore : IUserRecords
{
    public const int MaxPage = 1_000;

    Task<Takeover?> GetAsync(string userId, string correspondentId, CancellationToken cancellationToken);

    // Inserts or replaces the conversation's takeover.
    Task SetAsync(Takeover takeover, CancellationToken cancellationToken);

    // Hands the conversation back; false when it was not taken over.
    Task<bool> RemoveAsync(string userId, string correspondentId, CancellationToken cancellationToken);

    // The user's takeovers, the most recent Since first, at most limit (1..MaxPage); ended ones included
    // until the housekeeping removes them.
    Task<IReadOnlyList<Takeover>> ListAsync(string userId, int limit, CancellationToken cancellationToken);

    // Every user's takeovers whose Until is before then (those until handed back stay).
    Task<long> DeleteEndedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
