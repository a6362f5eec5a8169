using System.Collections.Concurrent;
using MyChatImposter.Webhooks;

namespace MyChatImposter.Tests.Webhooks;

// The outcomes the dispatcher stored, awaited by count: a test advances the fake clock only once the attempt
// it waits on is recorded (its next try is then set from the clock it is about to move).
public sealed class WebhookAttempts
{
    private readonly ConcurrentDictionary<int, TaskCompletionSource<WebhookAttemptOutcome>> _recorded = new();
    private int _count;

    public WebhookAttempts(WebhookDispatcher dispatcher) => dispatcher.AttemptRecorded += (_, outcome) =>
        Recorded(Interlocked.Increment(ref _count)).TrySetResult(outcome);

    public Task<WebhookAttemptOutcome> RecordedAsync(int number) =>
        Recorded(number).Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

    private TaskCompletionSource<WebhookAttemptOutcome> Recorded(int number) =>
        _recorded.GetOrAdd(number, _ => new TaskCompletionSource<WebhookAttemptOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
}
