namespace MyChatImposter.Delivery;

// What a sender does next.
public abstract record DeliveryStep;

public sealed record SendItem(DeliveryItem Item) : DeliveryStep;

// Until null: nothing to send until something is enqueued, retried or moved to active.
public sealed record WaitUntil(DateTimeOffset? Until, string Reason) : DeliveryStep;

// Decides which of a user's items goes next, given each recipient's oldest active item (FIFO per recipient:
// a later item never overtakes an earlier one to the same person), their retry times, the caps and a
// rate-limit pause. An item waiting for its retry or for its recipient's cap holds back only that recipient;
// the others go on. It remembers the account's sends of the last day (seeded from the store when the sender
// starts, so a restart does not reset the caps).
public sealed class DeliveryPlanner(DeliveryOptions options)
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    // The account's sends of the last day, oldest first, and each recipient's of the last hour: a decision
    // costs the same whether the account sent ten messages today or ten thousand (scanning every send of the
    // day for every recipient waiting made a busy sender slower with each message it sent).
    private readonly Queue<SentRecord> _lastDay = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _lastHourTo = new(StringComparer.Ordinal);

    public void Seed(IEnumerable<SentRecord> sent)
    {
        foreach (var record in sent.OrderBy(record => record.SentAt))
        {
            RecordSent(record.Recipient, record.SentAt);
        }
    }

    public void RecordSent(string recipient, DateTimeOffset at)
    {
        _lastDay.Enqueue(new SentRecord(recipient, at));
        if (!_lastHourTo.TryGetValue(recipient, out var sends))
        {
            _lastHourTo[recipient] = sends = new Queue<DateTimeOffset>();
        }
        sends.Enqueue(at);
    }

    public int SentInLastDay => _lastDay.Count;

    public DeliveryStep Next(IReadOnlyList<DeliveryItem> heads, DateTimeOffset now, DateTimeOffset pausedUntil)
    {
        while (_lastDay.TryPeek(out var oldest) && oldest.SentAt <= now - Day)
        {
            _lastDay.Dequeue();
            // A recipient never waiting again would otherwise keep its queue for good.
            SentInLastHourTo(oldest.Recipient, now);
        }
        if (heads.Count == 0)
        {
            return new WaitUntil(null, "nothing to send");
        }
        if (pausedUntil > now)
        {
            return new WaitUntil(pausedUntil, "the network rate-limited the account");
        }
        if (_lastDay.Count >= options.MaxPerAccountPerDay)
        {
            // The window has room again when the oldest of the last MaxPerAccountPerDay sends is a day old.
            return new WaitUntil(_lastDay.ElementAt(_lastDay.Count - options.MaxPerAccountPerDay).SentAt + Day,
                $"the account's cap of {options.MaxPerAccountPerDay} messages a day");
        }

        WaitUntil? soonest = null;
        foreach (var head in heads)
        {
            var (readyAt, reason) = (head.NextAttemptAt ?? now, "a retry's backoff");
            if (SentInLastHourTo(head.Recipient, now) is { Count: var count } toRecipient && count >= options.MaxPerRecipientPerHour)
            {
                var capFree = toRecipient.ElementAt(count - options.MaxPerRecipientPerHour) + Hour;
                if (capFree > readyAt)
                {
                    (readyAt, reason) = (capFree, $"the cap of {options.MaxPerRecipientPerHour} messages an hour to one recipient");
                }
            }
            if (readyAt <= now)
            {
                return new SendItem(head);
            }
            if (soonest is null || readyAt < soonest.Until)
            {
                soonest = new WaitUntil(readyAt, reason);
            }
        }
        return soonest!;
    }

    // The recipient's sends of the last hour, oldest first; an emptied queue is dropped.
    private IReadOnlyCollection<DateTimeOffset> SentInLastHourTo(string recipient, DateTimeOffset now)
    {
        if (!_lastHourTo.TryGetValue(recipient, out var sends))
        {
            return [];
        }
        while (sends.TryPeek(out var oldest) && oldest <= now - Hour)
        {
            sends.Dequeue();
        }
        if (sends.Count == 0)
        {
            _lastHourTo.Remove(recipient);
        }
        return sends;
    }
}
