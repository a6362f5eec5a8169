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

    // Oldest first.
    private readonly List<SentRecord> _lastDay = [];

    public void Seed(IEnumerable<SentRecord> sent)
    {
        _lastDay.AddRange(sent);
        _lastDay.Sort((a, b) => a.SentAt.CompareTo(b.SentAt));
    }

    public void RecordSent(string recipient, DateTimeOffset at) => _lastDay.Add(new SentRecord(recipient, at));

    public int SentInLastDay => _lastDay.Count;

    public DeliveryStep Next(IReadOnlyList<DeliveryItem> heads, DateTimeOffset now, DateTimeOffset pausedUntil)
    {
        _lastDay.RemoveAll(sent => sent.SentAt <= now - Day);
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
            return new WaitUntil(_lastDay[^options.MaxPerAccountPerDay].SentAt + Day,
                $"the account's cap of {options.MaxPerAccountPerDay} messages a day");
        }

        WaitUntil? soonest = null;
        foreach (var head in heads)
        {
            var (readyAt, reason) = (head.NextAttemptAt ?? now, "a retry's backoff");
            var toRecipient = _lastDay.Where(sent => sent.Recipient == head.Recipient && sent.SentAt > now - Hour).ToList();
            if (toRecipient.Count >= options.MaxPerRecipientPerHour)
            {
                var capFree = toRecipient[^options.MaxPerRecipientPerHour].SentAt + Hour;
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
}
