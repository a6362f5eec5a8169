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

    public void Clear(string? correspondentId)
    {
        lock (_gate)
        {
            if (correspondentId is null)
            {
                _windows.Clear();
            }
            else
            {
                _windows.Remove(correspondentId);
            }
        }
    }

    private static void Evict(Window window) => window.Characters -= window.Messages.Dequeue().Content.Length;
}
