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

    // A reply quoting the newest message its turn answered, as the fake LLM does ({last_message}).
    private SeenReply Reply(double sentAt, string? answers, string recipient = Dana)
    {
        var reply = new SeenReply(Bot, recipient, At(sentAt), answers);
        _ledger.Record(reply);
        return reply;
    }

    [Fact]
    public void The_answered_id_is_read_from_the_quoted_message()
    {
        Assert.Equal("p1-17", SeenReply.AnsweredId("Sure, talk soon! (re Load Tester: Are we still on? [p1-17])"));
        Assert.Null(SeenReply.AnsweredId("Sure, talk soon!"));
        Assert.Null(SeenReply.AnsweredId("[]"));
        Assert.Null(SeenReply.AnsweredId(null));
    }

    [Fact]
    public void A_reply_naming_the_message_answers_it()
    {
        var message = Send("m1", 0, 2);
        var reply = Reply(5, "m1");

        var match = _ledger.Match();

        Assert.Same(reply, match.AnswerTo(message));
        Assert.Empty(match.Duplicates);
    }

    [Fact]
    public void A_reply_sent_before_the_202_reached_the_harness_still_answers_its_message_and_not_the_next()
    {
        // The conversation's next message comes 5 s later; its reply must not be credited to the first.
        var first = Send("m1", 0, 10);
        var firstReply = Reply(4, "m1");
        var second = Send("m2", 5_000, 5_010);
        var secondReply = Reply(5_004, "m2");

        var match = _ledger.Match();

        Assert.Same(firstReply, match.AnswerTo(first));
        Assert.Same(secondReply, match.AnswerTo(second));
        Assert.Empty(match.Duplicates);
    }

    [Fact]
    public void One_reply_to_a_burst_answers_every_message_of_it_and_duplicates_nothing()
    {
        var first = Send("m1", 0, 1);
        var second = Send("m2", 1, 2);
        var reply = Reply(6, "m2");

        var match = _ledger.Match();

        Assert.Same(reply, match.AnswerTo(first));
        Assert.Same(reply, match.AnswerTo(second));
        Assert.Empty(match.Duplicates);
    }

    [Fact]
    public void A_second_reply_to_the_same_message_is_a_duplicate()
    {
        var message = Send("m1", 0, 1);
        var reply = Reply(5, "m1");
        var again = Reply(9, "m1");

        var match = _ledger.Match();

        Assert.Same(reply, match.AnswerTo(message));
        Assert.Same(again, Assert.Single(match.Duplicates));
    }

    [Fact]
    public void A_message_no_reply_covers_is_lost_even_when_an_earlier_one_was_answered()
    {
        var answered = Send("m1", 0, 1);
        Reply(5, "m1");
        var unanswered = Send("m2", 10, 11);

        var match = _ledger.Match();

        Assert.NotNull(match.AnswerTo(answered));
        Assert.Null(match.AnswerTo(unanswered));
    }

    [Fact]
    public void A_message_between_two_answered_ones_is_covered_by_the_later_reply()
    {
        // m2 waited in the turn that m3's reply answered: one reply, two messages.
        var first = Send("m1", 0, 1);
        var firstReply = Reply(4, "m1");
        var second = Send("m2", 10, 11);
        var third = Send("m3", 12, 13);
        var lastReply = Reply(20, "m3");

        var match = _ledger.Match();

        Assert.Same(firstReply, match.AnswerTo(first));
        Assert.Same(lastReply, match.AnswerTo(second));
        Assert.Same(lastReply, match.AnswerTo(third));
        Assert.Empty(match.Duplicates);
    }

    [Fact]
    public void Replies_answer_only_their_own_conversation()
    {
        var toDana = Send("m1", 0, 1);
        Reply(5, "m1", recipient: "33610000001@s.whatsapp.net");

        var match = _ledger.Match();

        Assert.Null(match.AnswerTo(toDana));
        Assert.Single(match.Duplicates);
    }

    [Fact]
    public void A_refused_message_is_never_answered_and_a_reply_naming_it_is_a_duplicate()
    {
        var refused = Send("m1", 0, 1, status: 503);
        Reply(5, "m1");

        var match = _ledger.Match();

        Assert.Null(match.AnswerTo(refused));
        Assert.Single(match.Duplicates);
    }

    [Fact]
    public void A_reply_naming_no_message_is_a_duplicate()
    {
        Send("m1", 0, 1);
        Reply(5, null);

        Assert.Single(_ledger.Match().Duplicates);
    }

    [Fact]
    public void A_request_that_got_no_answer_may_have_been_archived_so_its_reply_is_no_duplicate()
    {
        // The host was killed before answering; after the restart it answered the archived message anyway.
        var unanswered = Send("m1", 0, 30_000, status: 0);
        var accepted = Send("m2", 40_000, 40_001);
        var reply = Reply(40_005, "m2");

        var match = _ledger.Match();

        Assert.Empty(match.Duplicates);
        Assert.Same(reply, match.AnswerTo(accepted));
        Assert.Null(match.AnswerTo(unanswered));
    }

    [Fact]
    public void Given_the_archive_order_a_reply_covers_what_was_archived_before_the_message_it_names()
    {
        // Sent a moment apart from two connections, archived the other way round: the turn saw m2, then m1.
        var first = Send("m1", 0, 3);
        var second = Send("m2", 1, 2);
        var reply = Reply(5, "m1");
        var archive = new Dictionary<(string Bot, string MessageId), long> { [(Bot, "m2")] = 1, [(Bot, "m1")] = 2 };

        var inSendOrder = _ledger.Match();
        var inArchiveOrder = _ledger.Match(archive);

        Assert.Null(inSendOrder.AnswerTo(second));
        Assert.Same(reply, inArchiveOrder.AnswerTo(first));
        Assert.Same(reply, inArchiveOrder.AnswerTo(second));
        Assert.Empty(inArchiveOrder.Duplicates);
    }
}
