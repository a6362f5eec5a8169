namespace MyChatImposter.GroupTracking;

// The periods of every tracked group (the original's `tracked_group_periods`) and, per group, how far
// processing has got (`group_tracking_state`). The state is what decides the next window; the periods are
// the history shown to the user. A user's records are all their periods and group states (erased with the user).
public interface ITrackedPeriodStore : IUserRecords
{
    // Inserts, or updates the one with the same (user, group, PeriodEnd) keeping its Id and CreatedAt; returns it stored.
    Task<TrackedPeriod> UpsertAsync(TrackedPeriod period, CancellationToken cancellationToken);

    // Newest PeriodEnd first; groupId null = all the user's groups; limit 1..1000.
    Task<IReadOnlyList<TrackedPeriod>> ListAsync(string userId, string? groupId, int limit, CancellationToken cancellationToken);

    Task<long> CountAsync(string userId, CancellationToken cancellationToken);

    // Deletes the periods AND the group state(s) of one group, or of all the user's groups when groupId is
    // null; returns how many periods.
    Task<long> DeleteAsync(string userId, string? groupId, CancellationToken cancellationToken);

    // group_tracking_state: the end of the last period whose items were durably queued (or that was empty).
    Task<DateTimeOffset?> LastProcessedEndAsync(string userId, string groupId, CancellationToken cancellationToken);

    // Moves it forward only (an older end is ignored), atomically.
    Task AdvanceAsync(string userId, string groupId, DateTimeOffset periodEnd, CancellationToken cancellationToken);

    Task<long> IUserRecords.CountForUserAsync(string userId, CancellationToken cancellationToken) => CountAsync(userId, cancellationToken);

    Task<long> IUserRecords.DeleteForUserAsync(string userId, CancellationToken cancellationToken) =>
        DeleteAsync(userId, groupId: null, cancellationToken);
}
