using System.Collections.Concurrent;

namespace MyChatImposter.LoadTests.Replies;

// One message the harness sent: when the request started and when its answer came (harness clock, UtcNow),
// and the status (0: no answer at all). Only a 202 is accepted: archived by the host.
public sealed record SentMessage(
    string Phase, string Bot, string Correspondent, string MessageId, DateTimeOffset Started, DateTimeOffset Answered, int Status)
{
    public bool Accepted => Status == 202;
}

// One reply the host sent (its outbound log): SentAt is the host's clock, the same machine's UtcNow.
public sealed record SeenReply(string Bot, string Recipient, DateTimeOffset SentAt);

// Every message sent and every reply seen, and which reply answered which message. The bot answers in turns
// (ConversationTurns): one reply can answer several messages of its conversation, and the harness cannot
// see which (the fake LLM's answer is canned), only when things happened. Per conversation:
//   - a message is answered by the first reply sent after its 202 arrived; failing that, by the first sent
//     after its request started (the host archived it and started the turn before the 202 reached the
//     harness). A reply sent in between may have answered only earlier messages, so a latency can read
//     short when turns overlap, never long;
//   - a message with no reply sent after its request started is lost;
//   - a reply is duplicated when no assignment of replies to messages gives it one of its own: taken in order,
//     each reply claims the oldest message not yet claimed whose request started before the reply was sent.
// Without overlap (replies faster than a conversation's messages, as in the full reply run: 1 msg/s per
// conversation) this is exact. When turns overlap it counts the fewest duplicates the timestamps allow, and a
// message lost in the middle of a conversation hides behind a later reply: only losses at the end show.
// Timestamps compare on one machine clock: the harness's UtcNow and the host's sent_at.
public sealed class ReplyLedger
{
    private readonly ConcurrentQueue<SentMessage> _sent = new();
    private readonly ConcurrentQueue<SeenReply> _replies = new();
    private int _replyCount;

    public int Replies => Volatile.Read(ref _replyCount);

    public long RepliesWhere(Func<SeenReply, bool> include) => _replies.LongCount(include);

    public int Sent => _sent.Count;

    public void Record(SentMessage message) => _sent.Enqueue(message);

    public void Record(SeenReply reply)
    {
        _replies.Enqueue(reply);
        Interlocked.Increment(ref _replyCount);
    }

    public IReadOnlyList<SentMessage> Messages(string? phase = null) => [.. _sent.Where(message => phase is null || message.Phase == phase)];

    public LedgerMatch Match()
    {
        var answers = new Dictionary<SentMessage, SeenReply>(ReferenceEqualityComparer.Instance);
        var duplicates = new List<SeenReply>();
        // A request that got no answer (a timeout, the host killed) may still have been archived and answered.
        var sentBy = _sent.Where(message => message.Accepted || message.Status == 0)
            .GroupBy(message => (message.Bot, message.Correspondent))
            .ToDictionary(group => group.Key, group => group.OrderBy(message => message.Started).ToList());
        foreach (var conversation in _replies.ToArray().GroupBy(reply => (reply.Bot, reply.Recipient)))
        {
            var replies = conversation.OrderBy(reply => reply.SentAt).ToList();
            var messages = sentBy.GetValueOrDefault(conversation.Key) ?? [];
            var claimed = 0;
            foreach (var reply in replies)
            {
                if (claimed < messages.Count && messages[claimed].Started < reply.SentAt)
                {
                    claimed++;
                }
                else
                {
                    duplicates.Add(reply);
                }
            }
            foreach (var message in messages.Where(message => message.Accepted))
            {
                if ((First(replies, message.Answered) ?? First(replies, message.Started)) is { } reply)
                {
                    answers[message] = reply;
                }
            }
        }
        return new LedgerMatch(answers, duplicates);
    }

    // The first reply sent after `time`, replies in order of SentAt.
    private static SeenReply? First(List<SeenReply> replies, DateTimeOffset time)
    {
        int low = 0, high = replies.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (replies[middle].SentAt > time)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }
        return low < replies.Count ? replies[low] : null;
    }
}

public sealed record LedgerMatch(IReadOnlyDictionary<SentMessage, SeenReply> Answers, IReadOnlyList<SeenReply> Duplicates)
{
    public SeenReply? AnswerTo(SentMessage message) => Answers.GetValueOrDefault(message);
}
