using MyChatImposter.LoadTests.Replies;

namespace MyChatImposter.Tests.LoadTests;

// The reply scenarios' verdicts (lost, duplicated, latency) come from these rules; a wrong rule would make a
// healthy host look broken or hide a broken one.
public sealed class ReplyLedgerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
    private const string Bot = "reply-bot-000";
    private const string Dana = "33610000000@s.whatsapp.net";

    private readonly ReplyLedger _ledger = new();

    private static DateTimeOffset At(double milliseconds) => T0.AddMilliseconds(milliseconds);

    private SentMessage Send(string id, double started, double answered, int status = 202, string correspondent = Dana)
    {
        var message = new SentMessage("phase", Bot, correspondent, id, At(started), At(answered), status);
        _ledger.Record(message);
        return message;
    }

    private SeenReply Reply(double sentAt, string recipient = Dana)
    {
        var reply = new SeenReply(Bot, recipient, At(sentAt));
        _ledger.Record(reply);
        return reply;
    }

    [Fact]
    public void A_reply_after_the_202_answers_the_message()
    {
        var message = Send("m1", 0, 2);
        var reply = Reply(5);

        var match = _ledger.Match();

        Assert.Same(reply, match.AnswerTo(message));
        Assert.Empty(match.Duplicates);
    }

    [Fact]
    public void A_reply_sent_before_the_202_reached_the_harness_still_answers_the_message()
    {
        var message = Send("m1", 0, 10);
        var reply = Reply(4);

        var match = _ledger.Match();

        Assert.Same(reply, match.AnswerTo(message));
        Assert.Empty(match.Duplicates);
    }

    [Fact]
    public void One_reply_to_a_burst_answers_every_message_of_it_and_duplicates_nothing()
    {
        var first = Send("m1", 0, 1);
        var second = Send("m2", 1, 2);
        var reply = Reply(6);

        var match = _ledger.Match();

        Assert.Same(reply, match.AnswerTo(first));
        Assert.Same(reply, match.AnswerTo(second));
        Assert.Empty(match.Duplicates);
    }

    [Fact]
    public void A_second_reply_with_no_new_message_is_a_duplicate()
    {
        var message = Send("m1", 0, 1);
        var reply = Reply(5);
        var again = Reply(9);

        var match = _ledger.Match();

        Assert.Same(reply, match.AnswerTo(message));
        Assert.Same(again, Assert.Single(match.Duplicates));
    }

    [Fact]
    public void A_message_with_no_reply_after_it_is_lost_even_when_an_earlier_one_was_answered()
    {
        var answered = Send("m1", 0, 1);
        Reply(5);
        var unanswered = Send("m2", 10, 11);

        var match = _ledger.Match();

        Assert.NotNull(match.AnswerTo(answered));
        Assert.Null(match.AnswerTo(unanswered));
    }

    [Fact]
    public void Overlapping_turns_count_no_duplicate_and_each_reply_keeps_a_message()
    {
        // m2 was accepted after the first turn started but before its reply went out: the second reply is its own.
        var first = Send("m1", 0, 1);
        var second = Send("m2", 2, 3);
        var firstReply = Reply(4);
        Reply(8);

        var match = _ledger.Match();

        Assert.Empty(match.Duplicates);
        Assert.Same(firstReply, match.AnswerTo(first));
        // The latency of m2 reads short (credited to the first reply), never long.
        Assert.Same(firstReply, match.AnswerTo(second));
    }

    [Fact]
    public void Replies_answer_only_their_own_conversation()
    {
        var toDana = Send("m1", 0, 1);
        Reply(5, recipient: "33610000001@s.whatsapp.net");

        var match = _ledger.Match();

        Assert.Null(match.AnswerTo(toDana));
        Assert.Single(match.Duplicates);
    }

    [Fact]
    public void A_refused_message_is_never_answered_and_a_reply_to_nothing_else_is_a_duplicate()
    {
        var refused = Send("m1", 0, 1, status: 503);
        Reply(5);

        var match = _ledger.Match();

        Assert.Null(match.AnswerTo(refused));
        Assert.Single(match.Duplicates);
    }

    [Fact]
    public void A_request_that_got_no_answer_may_have_been_archived_so_its_reply_is_no_duplicate()
    {
        // The host was killed before answering; after the restart it answered the archived message anyway.
        Send("m1", 0, 30_000, status: 0);
        Reply(5);

        Assert.Empty(_ledger.Match().Duplicates);
    }
}
