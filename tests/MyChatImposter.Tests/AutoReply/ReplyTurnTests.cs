using MyChatImposter.AutoReply;
using MyChatImposter.Delivery;

namespace MyChatImposter.Tests.AutoReply;

// When a reply turn runs (ConversationTurns): after a quiet period, at most MaxWait after the oldest waiting
// message, one in flight per conversation, a draft discarded for a newer message. The clock is fake and the
// LLM answers when the test says, so every step is decided by the test.
public sealed class ReplyTurnTests : IAsyncLifetime
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(12);
    private AutoReplyHarness _bot = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _bot = await AutoReplyHarness.StartAsync(options: new AutoReplyOptions { QuietPeriod = Quiet, MaxWait = MaxWait });

    public ValueTask DisposeAsync() => _bot.DisposeAsync();

    private static OutboundMessage ReplyTo(string recipient, string text) =>
        new(AutoReplyHarness.UserId, recipient, new TextContent(text), "auto_reply");

    private void Advance(double seconds) => _bot.Time.Advance(TimeSpan.FromSeconds(seconds));

    [Fact]
    public async Task A_turn_starts_once_the_conversation_has_been_quiet_and_answers_every_message_of_the_burst()
    {
        await _bot.SendAsync("dana", "hi");
        Advance(4);
        await _bot.SendAsync("dana", "are you free tonight?");
        Advance(4.9);
        Assert.Empty(_bot.Llm.Calls);

        Advance(0.1);
        var call = await _bot.Llm.NextCallAsync();
        Assert.Equal([AutoReplyHarness.Persona, "Dana: hi", "Dana: are you free tonight?"], call.Texts);
        call.Answer("Yes! Dinner at 8?");

        Assert.Equal(ReplyTo("dana", "Yes! Dinner at 8?"), await _bot.Delivery.NextAsync());
        await _bot.Feature.DrainAsync(Ct);
        Assert.Single(_bot.Llm.Calls);
        Assert.Single(_bot.Delivery.Enqueued);
        Assert.Equal(["Dana: hi", "Dana: are you free tonight?", "Bot: Yes! Dinner at 8?"], await _bot.RememberedAsync("dana"));
    }

    [Fact]
    public async Task A_contact_who_keeps_writing_is_answered_once_the_oldest_message_has_waited_max_wait()
    {
        await _bot.SendAsync("dana", "one");
        Advance(4);
        await _bot.SendAsync("dana", "two");
        Advance(4);
        await _bot.SendAsync("dana", "three");
        // Quiet only at 13 s, but the first message has waited 12 s then.
        Advance(3.9);
        Assert.Empty(_bot.Llm.Calls);

        Advance(0.1);
        var call = await _bot.Llm.NextCallAsync();

        Assert.Equal([AutoReplyHarness.Persona, "Dana: one", "Dana: two", "Dana: three"], call.Texts);
        call.Answer("ok");
        await _bot.Feature.DrainAsync(Ct);
    }

    [Fact]
    public async Task A_message_arriving_while_the_reply_is_generated_discards_the_draft_and_the_next_turn_answers_both()
    {
        await _bot.SendAsync("dana", "hi");
        Advance(5);
        var first = await _bot.Llm.NextCallAsync();

        await _bot.SendAsync("dana", "wait, one more thing");
        await first.CancelledAsync();
        Advance(4.9);
        Assert.False(_bot.Llm.HasWaitingCall);
        Advance(0.1);
        var second = await _bot.Llm.NextCallAsync();
        Assert.Equal([AutoReplyHarness.Persona, "Dana: hi", "Dana: wait, one more thing"], second.Texts);
        second.Answer("Sure, tell me");

        Assert.Equal(ReplyTo("dana", "Sure, tell me"), await _bot.Delivery.NextAsync());
        await _bot.Feature.DrainAsync(Ct);
        Assert.Equal(["Sure, tell me"], _bot.Delivery.Texts);
        Assert.Equal(2, _bot.Llm.Calls.Count);
    }

    [Fact]
    public async Task Past_max_wait_the_draft_is_sent_and_the_newer_message_gets_the_next_turn()
    {
        await _bot.SendAsync("dana", "hi");
        Advance(5);
        var first = await _bot.Llm.NextCallAsync();
        // A slow model: the first message has waited 13 s when the next one comes.
        Advance(8);

        await _bot.SendAsync("dana", "hello?");
        first.Answer("Hi Dana");

        Assert.Equal(ReplyTo("dana", "Hi Dana"), await _bot.Delivery.NextAsync());
        var second = await _bot.Llm.NextCallAsync();
        Assert.False(first.CancellationToken.IsCancellationRequested);
        // The next turn recalls the first exchange and answers only what is new.
        Assert.Equal([AutoReplyHarness.Persona, "Dana: hi", "Hi Dana", "Dana: hello?"], second.Texts);
        second.Answer("Still here");
        Assert.Equal(ReplyTo("dana", "Still here"), await _bot.Delivery.NextAsync());
        await _bot.Feature.DrainAsync(Ct);
        Assert.Equal(["Hi Dana", "Still here"], _bot.Delivery.Texts);
    }

    [Fact]
    public async Task A_slow_reply_to_one_contact_does_not_hold_up_another()
    {
        await _bot.SendAsync("dana", "hi", displayName: "Dana");
        await _bot.SendAsync("bob", "yo", displayName: "Bob");
        Advance(5);
        var calls = new[] { await _bot.Llm.NextCallAsync(), await _bot.Llm.NextCallAsync() };
        var toDana = calls.Single(call => call.Texts[^1] == "Dana: hi");
        var toBob = calls.Single(call => call.Texts[^1] == "Bob: yo");

        toBob.Answer("hey Bob");
        Assert.Equal(ReplyTo("bob", "hey Bob"), await _bot.Delivery.NextAsync());
        // Meanwhile Dana's conversation takes new messages, which fold into her turn as usual.
        await _bot.SendAsync("dana", "?", displayName: "Dana");
        await toDana.CancelledAsync();
        Advance(5);
        (await _bot.Llm.NextCallAsync()).Answer("hi Dana");

        Assert.Equal(ReplyTo("dana", "hi Dana"), await _bot.Delivery.NextAsync());
        await _bot.Feature.DrainAsync(Ct);
    }

    [Fact]
    public async Task Stopping_answers_waiting_messages_at_once_and_waits_for_the_reply()
    {
        await _bot.SendAsync("dana", "hi");

        var draining = _bot.Feature.DrainAsync(Ct);
        var call = await _bot.Llm.NextCallAsync();
        Assert.False(draining.IsCompleted);
        call.Answer("bye for now");
        await draining;

        Assert.Equal(["bye for now"], _bot.Delivery.Texts);
        Assert.Equal(1, _bot.Llm.Disposals);
    }

    [Fact]
    public async Task A_stop_that_cannot_wait_cancels_the_turn_and_records_what_was_left_unanswered()
    {
        await _bot.SendAsync("dana", "the secret plan is ready");
        await _bot.SendAsync("dana", "call me");
        Advance(5);
        var call = await _bot.Llm.NextCallAsync();
        using var timeout = new CancellationTokenSource();

        var draining = _bot.Feature.DrainAsync(timeout.Token);
        await timeout.CancelAsync();
        await draining;

        await call.CancelledAsync();
        Assert.Empty(_bot.Delivery.Enqueued);
        var deadLetter = Assert.Single(await _bot.DeadLetters.ListAsync(AutoReplyHarness.UserId, 10, Ct));
        Assert.Equal("feature:automatic_bot_reply", deadLetter.Stage);
        Assert.Equal("dana", deadLetter.CorrespondentId);
        Assert.Equal("wa-2", deadLetter.ProviderMessageId);
        Assert.Equal("The session stopped before the reply was sent: 2 message(s), archive ids 1–2.", deadLetter.Error);
        var warning = Assert.Single(_bot.Logger.Collector.GetSnapshot(), record => record.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Contains("2 message(s), archive ids 1–2", warning.Message);
        Assert.DoesNotContain("secret", warning.Message);
        Assert.Empty(await _bot.RememberedAsync("dana"));
    }
}
