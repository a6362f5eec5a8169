using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace MyChatImposter.Tests;

// A fake clock that says when something starts waiting on it. Advancing the clock before a loop has set its
// timer would leave that timer counting from the new time and never firing, so a test first awaits the timer
// it means to fire, then advances.
public sealed class TimerWatchingTime(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly ConcurrentDictionary<DateTimeOffset, TaskCompletionSource> _dueAt = new();
    private readonly ConcurrentDictionary<TimeSpan, TaskCompletionSource> _lasting = new();
    private readonly ConcurrentDictionary<Type, TaskCompletionSource> _setBy = new();

    public TimerWatchingTime() : this(DateTimeOffset.UtcNow)
    {
    }

    // Completes once a timer is set that falls due at exactly this moment.
    public Task TimerDueAt(DateTimeOffset when) =>
        Watch(_dueAt, when).Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

    // Completes once a timer of exactly this length is set.
    public Task TimerLasting(TimeSpan due) =>
        Watch(_lasting, due).Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

    // Completes once code of this type sets a timer: for a hosted loop whose period other loops share (several
    // repeat every minute), so neither its length nor its due time says which loop it belongs to.
    public Task TimerSetBy<TOwner>() =>
        Watch(_setBy, typeof(TOwner)).Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Watch(_dueAt, GetUtcNow() + dueTime).TrySetResult();
        Watch(_lasting, dueTime).TrySetResult();
        foreach (var owner in Owners(new StackTrace()))
        {
            Watch(_setBy, owner).TrySetResult();
        }
        return timer;
    }

    private static TaskCompletionSource Watch<TKey>(ConcurrentDictionary<TKey, TaskCompletionSource> watched, TKey key)
        where TKey : notnull =>
        watched.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    // The host's types whose code is on the stack; an async method's frame belongs to its compiler-made state
    // machine, nested in the type that declares the method.
    private static IEnumerable<Type> Owners(StackTrace stack) =>
        stack.GetFrames()
            .SelectMany(frame => Outward(frame.GetMethod()?.DeclaringType))
            .Where(type => type.Assembly == typeof(Program).Assembly)
            .Distinct();

    private static IEnumerable<Type> Outward(Type? type)
    {
        for (; type is not null; type = type.DeclaringType)
        {
            yield return type;
        }
    }
}
