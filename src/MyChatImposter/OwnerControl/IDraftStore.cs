namespace MyChatImposter.OwnerControl;

// The drafts of every bot. A draft leaves pending once, through one conditional write, so two deciders
// (the owner's chat and the site, or the expiry sweep) can never both act on it.
public interface IDraftStore : IUserRecords
{
    public const int MaxPage = 1_000;

    // Stores a new draft and returns it with its Number. Throws InvalidOperationException when the
    // conversation already has a pending draft (the caller supersedes that one first) or the Id is taken.
    Task<Draft> AddAsync(Draft draft, CancellationToken cancellationToken);

    Task<Draft?> GetAsync(string userId, string id, CancellationToken cancellationToken);

    Task<Draft?> GetByNumberAsync(string userId, long number, CancellationToken cancellationToken);

    // The conversation's pending draft (at most one), or null.
    Task<Draft?> PendingForAsync(string userId, string correspondentId, CancellationToken cancellationToken);

    // The user's drafts newest first (by Number), only those in state when it is given, only those numbered
    // below beforeNumber when it is given; limit 1..MaxPage.
    Task<IReadOnlyList<Draft>> ListAsync(
        string userId, DraftState? state, long? beforeNumber, int limit, CancellationToken cancellationToken);

    Task<long> CountAsync(string userId, DraftState state, CancellationToken cancellationToken);

    // Ends a pending draft; when notExpiredAt is given, only if it expires after that instant. Returns the
    // draft as now stored, or null when it was not pending (or had expired) and nothing changed.
    Task<Draft?> DecideAsync(
        string userId, string id, DraftDecision decision, DateTimeOffset? notExpiredAt, CancellationToken cancellationToken);

    // An approval whose send could not be queued goes back to pending (only from the decision just made).
    Task<bool> ReopenAsync(string userId, string id, DraftState from, CancellationToken cancellationToken);

    // Every user's pending drafts whose ExpiresAt is at or before now become expired; returns them.
    Task<IReadOnlyList<Draft>> ExpireAsync(DateTimeOffset now, CancellationToken cancellationToken);

    // Retention: every user's drafts that are no longer pending and were decided before then.
    Task<long> DeleteDecidedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
