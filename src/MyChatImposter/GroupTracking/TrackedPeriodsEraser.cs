namespace MyChatImposter.GroupTracking;

// Deleting a user deletes the history of its tracked groups and how far each was processed, so a new bot of
// the same name starts its windows afresh. Counted as periods, as DeleteAsync counts them.
public sealed class TrackedPeriodsEraser(ITrackedPeriodStore store) : IUserDataEraser
{
    public string Name => "tracked_group_periods";

    public Task<long> CountAsync(string userId, CancellationToken cancellationToken) => store.CountAsync(userId, cancellationToken);

    public Task<long> EraseAsync(string userId, CancellationToken cancellationToken) =>
        store.DeleteAsync(userId, groupId: null, cancellationToken);
}
