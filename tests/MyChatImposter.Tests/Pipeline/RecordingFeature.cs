using System.Collections.Concurrent;
using MyChatImposter.Pipeline;

namespace MyChatImposter.Tests.Pipeline;

// A feature for tests: records every message it is given, per user, and can be told to fail on a text
// or to hang for one user. Registered as a factory, so every session of the host gets one.
public sealed class RecordingFeature : IMessageFeatureFactory
{
    public ConcurrentDictionary<string, ConcurrentQueue<FeatureMessage>> Seen { get; } = new();

    public string? FailOnText { get; set; }

    public string? HangForUser { get; set; }

    // Completes once the feature has seen the given number of messages of a user.
    private readonly ConcurrentDictionary<(string User, int Count), TaskCompletionSource> _waiters = new();

    public IEnumerable<IMessageFeature> CreateFor(ChatSessionContext session)
    {
        yield return new Feature(this, session.UserId);
    }

    public IReadOnlyList<FeatureMessage> SeenBy(string userId) =>
        Seen.TryGetValue(userId, out var queue) ? [.. queue] : [];

    public Task WaitForAsync(string userId, int count)
    {
        var waiter = _waiters.GetOrAdd((userId, count), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (SeenBy(userId).Count >= count)
        {
            waiter.TrySetResult();
        }
        return waiter.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    private void Record(string userId, FeatureMessage message)
    {
        var queue = Seen.GetOrAdd(userId, _ => new ConcurrentQueue<FeatureMessage>());
        queue.Enqueue(message);
        foreach (var ((user, count), waiter) in _waiters)
        {
            if (user == userId && queue.Count >= count)
            {
                waiter.TrySetResult();
            }
        }
    }

    private sealed class Feature(RecordingFeature owner, string userId) : IMessageFeature
    {
        public string Name => "recording";

        public async Task HandleAsync(FeatureMessage message, CancellationToken cancellationToken)
        {
            if (owner.HangForUser == userId)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            if (owner.FailOnText is { } failOn && message.Message.Content == failOn)
            {
                throw new InvalidOperationException("the test feature was told to fail");
            }
            owner.Record(userId, message);
        }
    }
}
