namespace MyChatImposter.Activity;

// Deleting a user deletes its bot's activity, counted and stored.
public sealed class BotActivityEraser(IBotActivityStore store, BotActivityRecorder recorder) : IUserDataEraser
{
    public string Name => "activity_hours";

    public Task<long> CountAsync(string userId, CancellationToken cancellationToken) => store.CountForUserAsync(userId, cancellationToken);

    public Task<long> EraseAsync(string userId, CancellationToken cancellationToken) => recorder.EraseAsync(userId, cancellationToken);
}
