namespace MyChatImposter.Pipeline;

// Stage 1: drops replays of messages archived recently (without a database round trip; the archive's
// unique key catches older ones) and decides the source: a person, the bot's own echo, or the owner
// writing from another device. Only people's messages reach features.
public sealed class MessageScreen(SentMessageRegistry sentMessages, int recentCapacity)
{
    private readonly Lock _gate = new();
    private readonly HashSet<(string, string)> _recent = [];
    private readonly Queue<(string, string)> _recentOrder = new();

    // Null for a replay; otherwise the message's source.
    public MessageSource? Screen(InboundMessage message)
    {
        lock (_gate)
        {
            if (_recent.Contains((message.CorrespondentId, message.ProviderMessageId)))
            {
                return null;
            }
        }

        if (message.Direction == MessageDirection.Incoming)
        {
            return MessageSource.User;
        }
        return sentMessages.IsBotMessage(message.ProviderMessageId, message.RecipientId, message.Text)
            ? MessageSource.Bot
            : MessageSource.UserOutgoing;
    }

    // Called once the archive holds the message: from then on a replay is recognised here.
    public void Remember(ArchivedMessage message)
    {
        if (recentCapacity == 0)
        {
            return;
        }
        lock (_gate)
        {
            var key = (message.CorrespondentId, message.ProviderMessageId);
            if (!_recent.Add(key))
            {
                return;
            }
            _recentOrder.Enqueue(key);
            while (_recentOrder.Count > recentCapacity)
            {
                _recent.Remove(_recentOrder.Dequeue());
            }
        }
    }
}
