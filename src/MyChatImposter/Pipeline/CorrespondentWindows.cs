namespace MyChatImposter.Pipeline;

// Stage 3: the in-memory window of recent messages per correspondent, bounded exactly as the original's
// queues (spec/02 §4): the text is cut to max_characters_single_message, then the oldest messages are
// evicted by age, then by total characters, then by count. A new message is always accepted, even when it
// alone exceeds max_characters. Windows only bound memory: the archive keeps everything.
public sealed class CorrespondentWindows(QueueConfig limits, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);

    private sealed class Window
    {
        public Queue<ArchivedMessage> Messages { get; } = new();
        public int Characters { get; set; }
    }

    // Adds the message and returns the window as it is now, oldest first, ending with the message.
    public IReadOnlyList<ArchivedMessage> Add(ArchivedMessage message)
    {
        var cut = message.Content.Length > limits.MaxCharactersSingleMessage
            ? message with { Content = message.Content[..limits.MaxCharactersSingleMessage] }
            : message;
        var oldestAllowed = time.GetUtcNow() - TimeSpan.FromDays(limits.MaxDays);

        lock (_gate)
        {
            if (!_windows.TryGetValue(message.CorrespondentId, out var window))
            {
                window = new Window();
                _windows[message.CorrespondentId] = window;
            }
            var incoming = cut.Content.Length;
            while (window.Messages.TryPeek(out var oldest) && oldest.AcceptedTime < oldestAllowed)
            {
                Evict(window);
            }
            while (window.Messages.Count > 0 && window.Characters + incoming > limits.MaxCharacters)
            {
                Evict(window);
            }
            while (window.Messages.Count > 0 && window.Messages.Count >= limits.MaxMessages)
            {
                Evict(window);
            }
            window.Messages.Enqueue(cut);
            window.Characters += incoming;
            return [.. window.Messages];
        }
    }

    public IReadOnlyList<ArchivedMessage> Snapshot(string correspondentId)
    {
        lock (_gate)
        {
            return _windows.TryGetValue(correspondentId, out var window) ? [.. window.Messages] : [];
        }
    }

    // Every correspondent's window that holds messages, in ordinal order of correspondent id.
    public IReadOnlyDictionary<string, IReadOnlyList<ArchivedMessage>> SnapshotAll()
    {
        lock (_gate)
        {
            return _windows.Where(window => window.Value.Messages.Count > 0)
                .OrderBy(window => window.Key, StringComparer.Ordinal)
                .ToDictionary(window => window.Key, window => (IReadOnlyList<ArchivedMessage>)[.. window.Value.Messages], StringComparer.Ordinal);
        }
    }

    // Of one correspondent, or all when correspondentId is null; returns how many messages were in them.
    public int Clear(string? correspondentId)
    {
        lock (_gate)
        {
            if (correspondentId is null)
            {
                var all = _windows.Values.Sum(window => window.Messages.Count);
                _windows.Clear();
                return all;
            }
            return _windows.Remove(correspondentId, out var removed) ? removed.Messages.Count : 0;
        }
    }

    private static void Evict(Window window) => window.Characters -= window.Messages.Dequeue().Content.Length;
}
