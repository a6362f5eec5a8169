namespace MyChatImposter.Pipeline;

// Remembers what the bot sent, so the provider's echo of it is recognised and never answered (spec/02 §3.1).
// Two records, as the original: ids returned by sends, and sends still in flight (the echo can arrive
// before the send call returns its id), matched by recipient and exact text within 30 seconds.
public sealed class SentMessageRegistry(TimeProvider time, int capacity = 10_000)
{
    public static readonly TimeSpan PendingWindow = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly HashSet<string> _sentIds = [];
    private readonly Queue<string> _sentOrder = new();
    private readonly List<(string Recipient, string Text, DateTimeOffset At)> _pending = [];

    public void RecordPending(string recipient, string text)
    {
        lock (_gate)
        {
            _pending.Add((recipient, text, time.GetUtcNow()));
        }
    }

    public void RecordSent(string providerMessageId)
    {
        lock (_gate)
        {
            Remember(providerMessageId);
        }
    }

    // True when an outgoing message is the bot's own; a pending match is consumed.
    public bool IsBotMessage(string providerMessageId, string? recipientId, string text)
    {
        lock (_gate)
        {
            if (_sentIds.Contains(providerMessageId))
            {
                return true;
            }
            var cutoff = time.GetUtcNow() - PendingWindow;
            _pending.RemoveAll(entry => entry.At < cutoff);
            var match = _pending.FindIndex(entry =>
                (string.IsNullOrEmpty(recipientId) || entry.Recipient == recipientId) && entry.Text == text);
            if (match < 0)
            {
                return false;
            }
            _pending.RemoveAt(match);
            Remember(providerMessageId);
            return true;
        }
    }

    private void Remember(string providerMessageId)
    {
        if (!_sentIds.Add(providerMessageId))
        {
            return;
        }
        _sentOrder.Enqueue(providerMessageId);
        while (_sentOrder.Count > capacity)
        {
            _sentIds.Remove(_sentOrder.Dequeue());
        }
    }
}
