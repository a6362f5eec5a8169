using System.Collections.Concurrent;
using MyChatImposter.ChatProviders;

namespace MyChatImposter.Tests.ChatProviders.WhatsApp;

// Every status the sessions reported, per user, and a wait for the one a test expects.
public sealed class WhatsAppSessionWatch : IDisposable
{
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(60);

    private readonly ChatSessions _sessions;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ChatStatus>> _seen = new();
    private readonly List<(string UserId, Func<ChatStatus, bool> Condition, TaskCompletionSource<ChatStatus> Seen)> _watchers = [];
    private readonly Lock _gate = new();

    public WhatsAppSessionWatch(ChatSessions sessions)
    {
        _sessions = sessions;
        sessions.StatusReported += OnStatus;
    }

    public IReadOnlyList<string> Statuses(string userId) =>
        _seen.TryGetValue(userId, out var seen) ? [.. seen.Select(status => status.Status)] : [];

    // The first status from now on (or the current one) that meets the condition.
    public async Task<ChatStatus> WaitForAsync(string userId, Func<ChatStatus, bool> condition)
    {
        var seen = new TaskCompletionSource<ChatStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _watchers.Add((userId, condition, seen));
        }
        if (_sessions.Get(userId)?.Status is { } current && condition(current))
        {
            seen.TrySetResult(current);
        }
        try
        {
            return await seen.Task.WaitAsync(SignalTimeout, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException(
                $"{userId} never reached the expected status; it went through: {string.Join(", ", Statuses(userId))}");
        }
    }

    private void OnStatus(ChatSession session, ChatStatus status)
    {
        _seen.GetOrAdd(session.UserId, _ => new()).Enqueue(status);
        lock (_gate)
        {
            foreach (var watcher in _watchers.Where(watcher => watcher.UserId == session.UserId && watcher.Condition(status)).ToList())
            {
                watcher.Seen.TrySetResult(status);
                _watchers.Remove(watcher);
            }
        }
    }

    public void Dispose() => _sessions.StatusReported -= OnStatus;
}
