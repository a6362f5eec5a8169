using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MyChatImposter.Tests.Llm;

// Every log entry the host writes, at every level, as text (message and exception), for tests that
// assert what must never be logged, or wait for what is logged once something has happened.
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();
    private readonly List<(Func<string, bool> Condition, TaskCompletionSource<string> Seen)> _watchers = [];

    public IReadOnlyCollection<string> Entries => _entries;

    public string All => string.Join("\n", _entries);

    // Entries at Error or Critical: what an operator is paged for.
    public IReadOnlyList<string> Errors =>
        [.. _entries.Where(entry => entry.StartsWith("Error ", StringComparison.Ordinal) || entry.StartsWith("Critical ", StringComparison.Ordinal))];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    // Completes with the first entry, written before or after this call, that satisfies the condition.
    public Task<string> WaitForAsync(Func<string, bool> condition)
    {
        lock (_watchers)
        {
            if (_entries.FirstOrDefault(condition) is { } written)
            {
                return Task.FromResult(written);
            }
            var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _watchers.Add((condition, seen));
            return seen.Task;
        }
    }

    private void Add(string entry)
    {
        lock (_watchers)
        {
            _entries.Enqueue(entry);
            foreach (var watcher in _watchers.Where(watcher => watcher.Condition(entry)).ToList())
            {
                watcher.Seen.TrySetResult(entry);
                _watchers.Remove(watcher);
            }
        }
    }

    public void Dispose()
    {
    }

    private sealed class Logger(string category, CapturedLogs logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Add($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)} {exception}");
    }
}
