using MyChatImposter.ChatProviders;
using MyChatImposter.ChatProviders.Sandbox;
using MyChatImposter.Delivery;
using MyChatImposter.Tests.Pages.Bots;

namespace MyChatImposter.Tests.Delivery;

// One user's sender through the real host and the sandbox network, on a fake clock: order, pacing,
// "typing…", caps, rate limits, retries and failure. Where the order or the clock matters, the items are
// queued before the bot connects, so the sender starts with all of them and no enqueue races its waits.
public sealed class DeliverySenderTests
{
    private const string Ann = "ann";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> Settings(params (string Key, string Value)[] settings) =>
        settings.ToDictionary(setting => $"Delivery:{setting.Key}", setting => setting.Value);

    [Fact]
    public async Task Each_recipients_items_go_first_in_first_out_and_a_retry_of_one_holds_back_only_that_recipient()
    {
        await using var app = DeliveryTesting.App();
        await app.SaveBotAsync(Ann);
        var failedOnce = false;
        // The first send to "a" fails; "a"'s later items must wait behind it, "b" must not.
        app.Service<SandboxWorld>().SetSendFault(Ann, recipient =>
            recipient == "a" && !failedOnce && (failedOnce = true) ? new IOException("connection reset") : null);

        foreach (var (recipient, text) in new[] { ("a", "a1"), ("b", "b1"), ("a", "a2"), ("b", "b2"), ("a", "a3"), ("b", "b3") })
        {
            await app.EnqueueTextAsync(Ann, recipient, text);
        }
        var sender = await app.ConnectAsync(Ann);
        var waits = await app.DriveAsync(sender);

        Assert.Equal(["b1", "b2", "b3", "a1", "a2", "a3"], app.SentTexts(Ann));
        Assert.Contains(waits, wait => wait.Activity == SenderActivity.Waiting && wait.Reason!.Contains("backoff"));
        var sent = await app.ItemsAsync(Ann, DeliveryState.Sent);
        Assert.Equal(6, sent.Count);
        Assert.Equal(app.SentMessages(Ann).Select(message => message.MessageId).Order(), sent.Select(item => item.ProviderMessageId).Order());
        Assert.Equal(2, sent.Single(item => item.Recipient == "a" && item.Sequence == sent.Where(i => i.Recipient == "a").Min(i => i.Sequence)).Attempts);
        Assert.Empty(await app.ItemsAsync(Ann, DeliveryState.Active));
    }

    // Most linked accounts have nothing to send: their sender ends its rounds rather than holding a task and
    // a wait for each, and an enqueue starts them again.
    [Fact]
    public async Task An_idle_sender_holds_no_rounds_and_an_enqueue_starts_them_again()
    {
        await using var app = DeliveryTesting.App();
        var sender = await app.ConnectAsync(Ann);
        var idle = await sender.WaitForAsync(state => state.Activity == SenderActivity.Idle, Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct);
        Assert.False(sender.HasRounds);

        await app.EnqueueTextAsync(Ann, "a", "first");
        await app.SentMessagesAsync(Ann, 1);
        await sender.WaitForAsync(state => state.Step > idle.Step && state.Activity == SenderActivity.Idle, Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct);
        Assert.False(sender.HasRounds);
        await app.EnqueueTextAsync(Ann, "b", "second");
        await app.SentMessagesAsync(Ann, 2);

        Assert.Equal(["first", "second"], app.SentTexts(Ann));
        Assert.Equal(2, (await app.ItemsAsync(Ann, DeliveryState.Sent)).Count);
    }

    [Fact]
    public async Task Between_sends_the_sender_pauses_a_random_time_within_the_bounds()
    {
        await using var app = DeliveryTesting.App(Settings(("MinDelay", "00:00:02"), ("MaxDelay", "00:00:09")));
        await app.SaveBotAsync(Ann);
        for (var index = 0; index < 8; index++)
        {
            await app.EnqueueTextAsync(Ann, $"friend{index % 3}", $"message {index}");
        }

        var sender = await app.ConnectAsync(Ann);
        var pauses = (await app.DriveAsync(sender)).Where(wait => wait.Activity == SenderActivity.Pausing).Select(wait => wait.Duration).ToList();

        // Typing is off and nothing fails, so the pauses are the only draws: the seeded source predicts them.
        var expected = new Random(DeliveryTesting.Seed);
        Assert.Equal(Enumerable.Range(0, 8).Select(_ => TimeSpan.FromSeconds(2) + TimeSpan.FromSeconds(7) * expected.NextDouble()), pauses);
        Assert.All(pauses, pause => Assert.InRange(pause, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(9)));
        Assert.True(pauses.Distinct().Count() > 1);
        var sentAt = app.SentMessages(Ann).Select(message => message.SentAt).ToList();
        Assert.Equal(8, sentAt.Count);
        Assert.All(sentAt.Zip(sentAt.Skip(1)), pair => Assert.InRange(pair.Second - pair.First, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(9)));
    }

    [Fact]
    public async Task A_text_reply_is_preceded_by_typing_sized_by_its_length_and_capped()
    {
        await using var app = DeliveryTesting.App(Settings(
            ("TypingPresence", "true"), ("TypingPerCharacter", "00:00:00.1"), ("TypingMax", "00:00:03")));
        await app.SaveBotAsync(Ann);
        await app.EnqueueTextAsync(Ann, "alice", "short text");
        await app.EnqueueTextAsync(Ann, "alice", new string('x', 100));
        await app.EnqueueTextAsync(Ann, OutboundMessage.SelfRecipient, "a digest for myself");

        var sender = await app.ConnectAsync(Ann);
        var typing = (await app.DriveAsync(sender)).Where(wait => wait.Activity == SenderActivity.Typing).Select(wait => wait.Duration);

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)], typing);
        var presences = app.Service<SandboxWorld>().Presences(Ann);
        Assert.Equal([("alice", ChatPresence.Typing), ("alice", ChatPresence.Paused), ("alice", ChatPresence.Typing), ("alice", ChatPresence.Paused)],
            presences.Select(presence => (presence.Recipient, presence.Presence)));
        var sent = app.SentMessages(Ann);
        Assert.Equal(presences[0].At + TimeSpan.FromSeconds(1), sent[0].SentAt);
        Assert.Equal(presences[2].At + TimeSpan.FromSeconds(3), sent[1].SentAt);
        Assert.Equal(OutboundMessage.SelfRecipient, sent[2].Recipient);
    }

    [Fact]
    public async Task An_item_over_its_recipients_hourly_cap_waits_for_room_and_is_then_sent()
    {
        await using var app = DeliveryTesting.App(Settings(("MaxPerRecipientPerHour", "2")));
        await app.SaveBotAsync(Ann);
        var start = app.Time.GetUtcNow();
        foreach (var (recipient, text) in new[] { ("x", "x1"), ("x", "x2"), ("x", "x3"), ("y", "y1") })
        {
            await app.EnqueueTextAsync(Ann, recipient, text);
        }

        var sender = await app.ConnectAsync(Ann);
        var waits = await app.DriveAsync(sender);

        Assert.Equal(["x1", "x2", "y1", "x3"], app.SentTexts(Ann));
        var cap = Assert.Single(waits, wait => wait.Activity == SenderActivity.Waiting);
        Assert.Contains("2 messages an hour to one recipient", cap.Reason);
        Assert.Equal(TimeSpan.FromHours(1), cap.Duration);
        Assert.Equal(start + TimeSpan.FromHours(1), app.SentMessages(Ann)[3].SentAt);
        Assert.Empty(await app.ItemsAsync(Ann, DeliveryState.Failed));
    }

    [Fact]
    public async Task The_accounts_daily_cap_makes_items_wait_and_holds_across_a_new_session()
    {
        await using var app = DeliveryTesting.App(Settings(("MaxPerAccountPerDay", "3")));
        await app.SaveBotAsync(Ann);
        var start = app.Time.GetUtcNow();
        for (var index = 1; index <= 3; index++)
        {
            await app.EnqueueTextAsync(Ann, $"friend{index}", $"m{index}");
        }
        var sender = await app.ConnectAsync(Ann);
        await app.DriveAsync(sender);
        app.Time.Advance(TimeSpan.FromHours(1));

        // A new session (a new sender) counts what the last day's sends were from the store.
        Assert.Equal(SessionChange.Done, (await app.Service<ChatSessions>().ReloadAsync(Ann, Ct)).Outcome);
        sender = await app.SenderAsync(Ann);
        await app.EnqueueTextAsync(Ann, "friend4", "m4");
        var waits = await app.DriveAsync(sender);

        var cap = Assert.Single(waits, wait => wait.Activity == SenderActivity.Waiting);
        Assert.Contains("3 messages a day", cap.Reason);
        Assert.Equal(TimeSpan.FromHours(23), cap.Duration);
        Assert.Equal(["m1", "m2", "m3", "m4"], app.SentTexts(Ann));
        Assert.Equal(start + TimeSpan.FromDays(1), app.SentMessages(Ann)[3].SentAt);
    }

    [Fact]
    public async Task A_rate_limit_answer_pauses_the_whole_account_with_backoff_and_costs_no_attempt()
    {
        await using var app = DeliveryTesting.App(Settings(("RateLimitPause", "00:01:00"), ("RateLimitMaxPause", "01:00:00")));
        await app.SaveBotAsync(Ann);
        var refusals = 0;
        app.Service<SandboxWorld>().SetSendFault(Ann, _ => refusals++ switch
        {
            < 2 => new ChatRateLimitedException("rate-overlimit"),
            2 => new ChatRateLimitedException("429", retryAfter: TimeSpan.FromSeconds(90)),
            _ => null,
        });
        var x = await app.EnqueueTextAsync(Ann, "x", "x1");
        await app.EnqueueTextAsync(Ann, "y", "y1");

        var sender = await app.ConnectAsync(Ann);
        var pauses = (await app.DriveAsync(sender)).Where(wait => wait.Activity == SenderActivity.Waiting).ToList();

        Assert.Equal(3, pauses.Count);
        Assert.All(pauses, pause => Assert.Contains("rate-limited", pause.Reason));
        Assert.InRange(pauses[0].Duration, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(90));
        Assert.InRange(pauses[1].Duration, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(180));
        Assert.Equal(TimeSpan.FromSeconds(90), pauses[2].Duration);
        // Nothing went out to anyone while paused, and the refusals were not counted against the item.
        Assert.Equal(["x1", "y1"], app.SentTexts(Ann));
        Assert.Equal(pauses[2].At + pauses[2].Duration, app.SentMessages(Ann)[0].SentAt);
        var item = await app.ItemAsync(x);
        Assert.Equal((DeliveryState.Sent, 1), (item.State, item.Attempts));
    }

    [Fact]
    public async Task A_rate_limit_pause_outlives_a_reload_of_the_session()
    {
        await using var app = DeliveryTesting.App();
        var sender = await app.ConnectAsync(Ann);
        var refusals = 0;
        app.Service<SandboxWorld>().SetSendFault(Ann, _ => refusals++ == 0 ? new ChatRateLimitedException("429", TimeSpan.FromMinutes(10)) : null);
        await app.EnqueueTextAsync(Ann, "x", "x1");
        await app.DriveAsync(sender, until: wait => wait.Activity == SenderActivity.Waiting);
        app.Time.Advance(TimeSpan.FromMinutes(4));

        Assert.Equal(SessionChange.Done, (await app.Service<ChatSessions>().ReloadAsync(Ann, Ct)).Outcome);
        var waits = await app.DriveAsync(await app.SenderAsync(Ann));

        Assert.Equal(TimeSpan.FromMinutes(6), Assert.Single(waits, wait => wait.Activity == SenderActivity.Waiting).Duration);
        Assert.Equal(["x1"], app.SentTexts(Ann));
    }

    [Fact]
    public async Task Three_failed_attempts_move_the_item_to_failed_with_the_last_error_and_a_retry_sends_it()
    {
        await using var app = DeliveryTesting.App(Settings(("RetryBaseDelay", "00:00:30"), ("RetryMaxDelay", "00:10:00")));
        await app.SaveBotAsync(Ann);
        var failures = 0;
        app.Service<SandboxWorld>().SetSendFault(Ann, recipient => recipient == "x" ? new IOException($"refused {++failures}") : null);
        var x = await app.EnqueueTextAsync(Ann, "x", "x1");
        await app.EnqueueTextAsync(Ann, "y", "y1");

        var sender = await app.ConnectAsync(Ann);
        var backoffs = (await app.DriveAsync(sender)).Where(wait => wait.Activity == SenderActivity.Waiting).Select(wait => wait.Duration).ToList();

        Assert.Equal(2, backoffs.Count);
        Assert.InRange(backoffs[0], TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(45));
        Assert.InRange(backoffs[1], TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(90));
        Assert.Equal(["y1"], app.SentTexts(Ann));
        var failed = await app.ItemAsync(x);
        Assert.Equal((DeliveryState.Failed, 3, "IOException: refused 3"), (failed.State, failed.Attempts, failed.LastError));
        Assert.NotNull(failed.FailedAt);

        app.Service<SandboxWorld>().SetSendFault(Ann, null);
        Assert.True(await app.Service<DeliveryQueue>().RetryAsync(failed, Ct));
        await app.DriveAsync(sender);

        Assert.Equal(["y1", "x1"], app.SentTexts(Ann));
        // One attempt after the retry: the three before were reset.
        Assert.Equal((DeliveryState.Sent, 1), ((await app.ItemAsync(x)).State, (await app.ItemAsync(x)).Attempts));
    }

    [Fact]
    public async Task Items_of_unknown_type_fail_visibly_instead_of_vanishing()
    {
        await using var app = DeliveryTesting.App();
        var sender = await app.ConnectAsync(Ann);
        var item = await app.AddItemAsync(Ann, OutboundMessage.SelfRecipient, "", messageType: "ics_actionable_item", content: """{"title":"x"}""");
        sender.Wake();

        await app.DriveAsync(sender);

        var failed = await app.ItemAsync(item.Id);
        Assert.Equal(DeliveryState.Failed, failed.State);
        Assert.Contains("ics_actionable_item", failed.LastError);
        Assert.Empty(app.SentTexts(Ann));
    }

    [Fact]
    public async Task Documents_are_sent_as_documents_and_bot_echoes_of_texts_are_recognised()
    {
        await using var app = DeliveryTesting.App();
        await app.SaveBotAsync(Ann);
        await app.Service<IDeliveryQueue>().EnqueueAsync(new OutboundMessage(Ann, OutboundMessage.SelfRecipient,
            new DocumentContent([66, 69, 71, 73, 78], "task_1234abcd.ics", "text/calendar", "Dentist"), "group_tracking"), Ct);
        await app.EnqueueTextAsync(Ann, "alice", "hello alice");

        var sender = await app.ConnectAsync(Ann);
        await app.DriveAsync(sender);

        var sent = app.SentMessages(Ann);
        Assert.Equal(("document", "task_1234abcd.ics", "text/calendar", "Dentist", "QkVHSU4="),
            (sent[0].Type, sent[0].FileName, sent[0].Mimetype, sent[0].Caption, sent[0].ContentBase64));
        Assert.True(sender.Session.SentMessages.IsBotMessage(sent[1].MessageId, "alice", "hello alice"));
    }

    [Fact]
    public async Task An_item_left_in_flight_by_a_crash_is_sent_again_and_one_interrupted_on_its_last_attempt_fails()
    {
        await using var app = DeliveryTesting.App();
        await app.ConnectAsync(Ann);
        var now = app.Time.GetUtcNow();
        // What a crash during an attempt leaves: the attempt counted and still marked in flight.
        var inFlight = await app.AddItemAsync(Ann, "x", "in flight", attempts: 1, sendingSince: now);
        var lastAttempt = await app.AddItemAsync(Ann, "y", "in flight", attempts: 3, sendingSince: now);
        var sender = await app.SenderAsync(Ann);
        sender.Wake();

        await app.DriveAsync(sender);

        Assert.Equal(["in flight"], app.SentTexts(Ann));
        var resent = await app.ItemAsync(inFlight.Id);
        Assert.Equal((DeliveryState.Sent, 2, (DateTimeOffset?)null), (resent.State, resent.Attempts, resent.SendingSince));
        var failed = await app.ItemAsync(lastAttempt.Id);
        Assert.Equal(DeliveryState.Failed, failed.State);
        Assert.Contains("may or may not have been delivered", failed.LastError);
    }

    [Fact]
    public async Task A_sent_item_is_never_sent_again_whatever_happens_to_the_session()
    {
        await using var app = DeliveryTesting.App();
        var sender = await app.ConnectAsync(Ann);
        var id = await app.EnqueueTextAsync(Ann, "x", "once");
        await app.DriveAsync(sender);

        var session = sender.Session;
        session.StatusChanged(new ChatStatus(ChatStatus.Disconnected));
        await app.TransitionsDoneAsync();
        session.StatusChanged(new ChatStatus(ChatStatus.Connected));
        sender = await app.SenderAsync(Ann);
        await app.DriveAsync(sender);

        Assert.Equal(["once"], app.SentTexts(Ann));
        Assert.Equal(DeliveryState.Sent, (await app.ItemAsync(id)).State);
    }
}
