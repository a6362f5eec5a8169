using System.Collections.Concurrent;

namespace MyChatImposter.LoadTests.Replies;

// One message the harness sent: when the request started and when its answer came (harness clock, UtcNow),
// and the status (0: no answer at all). Only a 202 is accepted: archived by the host.
public sealed record SentMessage(
    string Phase, string Bot, string Correspondent, string MessageId, DateTimeOffset Started, DateTimeOffset Answered, int Status)
{
    public bool Accepted => Status == 202;
}

// One reply the host sent (its outbound log): SentAt is the host's clock, the same machine's UtcNow. Answers is
// the id of the newest message its turn answered, which the fake LLM echoes ({last_message}, ReplyBots); null
// when the reply names none.
public sealed record SeenReply(string Bot, string Recipient, DateTimeOffset SentAt, string? Answers = null)
{
    // A message's text ends with its id in brackets (ReplyRun), and the reply quotes the message.
    public static string? AnsweredId(string? text)
    {
        var open = text?.LastIndexOf('[') ?? -1;
        var close = open < 0 ? -1 : text!.IndexOf(']', open);
        return close > open + 1 ? text![(open + 1)..close] : null;
    }
}

// Every message sent and every reply seen, and which reply answered which message. The bot answers in turns
// (ConversationTurns): one reply answers every message of its conversation waiting when the turn started, and
// the fake LLM's answer quotes the newest of them, with its id. Per conversation, messages in the order the
// host archived them (the order its turns saw them; the request order while a run is still going):
//   - a reply answers the message it names and every earlier one not answered yet; a message's answer is the
//     first reply (by sent_at) that covers it;
//   - a message no reply covers is lost;
//   - a reply is duplicated when it names a message an earlier reply already named (the same turn sent twice),
//     or names no message of its conversation at all.
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

    // archiveIds (bot, message id → archive id), when given, orders each conversation as the host archived it,
    // which is the order its turns saw; without it (while a run is going), the order the requests started.
    public LedgerMatch Match(IReadOnlyDictionary<(string Bot, string MessageId), long>? archiveIds = null)
    {
        var answers = new Dictionary<SentMessage, SeenReply>(ReferenceEqualityComparer.Instance);
        var duplicates = new List<SeenReply>();
        // A request that got no answer (a timeout, the host killed) may still have been archived and answered.
        var sentBy = _sent.Where(message => message.Accepted || message.Status == 0)
            .GroupBy(message => (message.Bot, message.Correspondent))
            .ToDictionary(group => group.Key, group => group
                .OrderBy(message => archiveIds is null ? 0 : archiveIds.GetValueOrDefault((message.Bot, message.MessageId), long.MaxValue))
                .ThenBy(message => message.Started).ToList());
        foreach (var conversation in _replies.ToArray().GroupBy(reply => (reply.Bot, reply.Recipient)))
        {
            var messages = sentBy.GetValueOrDefault(conversation.Key) ?? [];
            var position = messages.Select((message, index) => (message.MessageId, index))
                .ToDictionary(pair => pair.MessageId, pair => pair.index, StringComparer.Ordinal);
            var named = new HashSet<string>(StringComparer.Ordinal);
            var coveredUpTo = -1;
            foreach (var reply in conversation.OrderBy(reply => reply.SentAt))
            {
                if (reply.Answers is not { } id || !position.TryGetValue(id, out var newest) || !named.Add(id))
                {
                    duplicates.Add(reply);
                    continue;
                }
                for (var index = coveredUpTo + 1; index <= newest; index++)
                {
                    if (messages[index].Accepted)
                    {
                        answers[messages[index]] = reply;
                    }
                }
                coveredUpTo = Math.Max(coveredUpTo, newest);
            }
        }
        return new LedgerMatch(answers, duplicates);
    }
}

public sealed record LedgerMatch(IReadOnlyDictionary<SentMessage, SeenReply> Answers, IReadOnlyList<SeenReply> Duplicates)
{
    public SeenReply? AnswerTo(SentMessage message) => Answers.GetValueOrDefault(message);
}
