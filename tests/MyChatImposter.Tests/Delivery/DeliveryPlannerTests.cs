using MyChatImposter.Delivery;

namespace MyChatImposter.Tests.Delivery;

// Which item goes next: each recipient's oldest active item, unless its retry, its recipient's cap, the
// account's cap or a rate-limit pause holds it back; what waits holds back only its own recipient.
public sealed class DeliveryPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static DeliveryItem Head(long sequence, string recipient, DateTimeOffset? nextAttemptAt = null) =>
        new($"item-{sequence}", "alice", "sandbox", recipient, "auto_reply", DeliveryContent.Text, "\"hi\"", DeliveryState.Active, 0, Now)
        {
            Sequence = sequence,
            NextAttemptAt = nextAttemptAt,
        };

    private static DeliveryPlanner Planner(int perRecipientPerHour = 20, int perAccountPerDay = 200) =>
        new(new DeliveryOptions { MaxPerRecipientPerHour = perRecipientPerHour, MaxPerAccountPerDay = perAccountPerDay });

    [Fact]
    public void The_oldest_ready_head_goes_first()
    {
        var next = Planner().Next([Head(3, "x"), Head(5, "y")], Now, DateTimeOffset.MinValue);

        Assert.Equal("item-3", Assert.IsType<SendItem>(next).Item.Id);
    }

    [Fact]
    public void A_recipient_waiting_for_its_retry_does_not_hold_back_the_others()
    {
        var planner = Planner();

        var next = planner.Next([Head(3, "x", Now.AddMinutes(2)), Head(5, "y")], Now, DateTimeOffset.MinValue);
        var allWaiting = planner.Next([Head(3, "x", Now.AddMinutes(2)), Head(5, "y", Now.AddMinutes(1))], Now, DateTimeOffset.MinValue);

        Assert.Equal("item-5", Assert.IsType<SendItem>(next).Item.Id);
        var wait = Assert.IsType<WaitUntil>(allWaiting);
        Assert.Equal(Now.AddMinutes(1), wait.Until);
        Assert.Contains("backoff", wait.Reason);
    }

    [Fact]
    public void Nothing_active_means_waiting_without_a_deadline()
    {
        var wait = Assert.IsType<WaitUntil>(Planner().Next([], Now, DateTimeOffset.MinValue));

        Assert.Null(wait.Until);
    }

    [Fact]
    public void A_recipient_over_its_hourly_cap_waits_until_its_oldest_send_in_the_hour_is_an_hour_old()
    {
        var planner = Planner(perRecipientPerHour: 3);
        planner.Seed([
            new SentRecord("x", Now.AddMinutes(-90)), new SentRecord("x", Now.AddMinutes(-50)),
            new SentRecord("x", Now.AddMinutes(-40)), new SentRecord("y", Now.AddMinutes(-30)), new SentRecord("x", Now.AddMinutes(-10)),
        ]);

        var next = planner.Next([Head(1, "x"), Head(2, "y")], Now, DateTimeOffset.MinValue);
        var onlyX = Assert.IsType<WaitUntil>(planner.Next([Head(1, "x")], Now, DateTimeOffset.MinValue));
        var later = planner.Next([Head(1, "x")], Now.AddMinutes(10), DateTimeOffset.MinValue);

        Assert.Equal("item-2", Assert.IsType<SendItem>(next).Item.Id);
        Assert.Equal(Now.AddMinutes(10), onlyX.Until);
        Assert.Contains("3 messages an hour", onlyX.Reason);
        Assert.Equal("item-1", Assert.IsType<SendItem>(later).Item.Id);
    }

    [Fact]
    public void The_account_over_its_daily_cap_waits_until_a_send_leaves_the_day()
    {
        var planner = Planner(perAccountPerDay: 3);
        planner.Seed([new SentRecord("x", Now.AddHours(-25)), new SentRecord("y", Now.AddHours(-20)), new SentRecord("z", Now.AddHours(-2))]);
        planner.RecordSent("w", Now.AddMinutes(-1));

        var wait = Assert.IsType<WaitUntil>(planner.Next([Head(1, "v")], Now, DateTimeOffset.MinValue));
        var later = planner.Next([Head(1, "v")], Now.AddHours(4), DateTimeOffset.MinValue);

        Assert.Equal(Now.AddHours(4), wait.Until);
        Assert.Contains("3 messages a day", wait.Reason);
        Assert.IsType<SendItem>(later);
    }

    [Fact]
    public void A_rate_limit_pause_holds_every_recipient()
    {
        var wait = Assert.IsType<WaitUntil>(Planner().Next([Head(1, "x"), Head(2, "y")], Now, Now.AddMinutes(3)));

        Assert.Equal(Now.AddMinutes(3), wait.Until);
        Assert.Contains("rate-limited", wait.Reason);
    }

    [Fact]
    public void A_busy_account_keeps_each_recipients_cap_and_forgets_sends_as_they_leave_the_windows()
    {
        // Thousands of sends to others in the last hour: x's own three still hold it back, and only those.
        var planner = Planner(perRecipientPerHour: 3, perAccountPerDay: 100_000);
        for (var i = 0; i < 5_000; i++)
        {
            planner.RecordSent($"other-{i % 50}", Now.AddMinutes(-59).AddMilliseconds(i));
        }
        planner.Seed([new SentRecord("x", Now.AddMinutes(-45)), new SentRecord("x", Now.AddMinutes(-30)), new SentRecord("x", Now.AddMinutes(-15))]);

        var held = Assert.IsType<WaitUntil>(planner.Next([Head(1, "x")], Now, DateTimeOffset.MinValue));
        var free = planner.Next([Head(1, "x")], Now.AddMinutes(15), DateTimeOffset.MinValue);
        var dayLater = planner.Next([Head(1, "x")], Now.AddDays(1), DateTimeOffset.MinValue);

        Assert.Equal(Now.AddMinutes(15), held.Until);
        Assert.IsType<SendItem>(free);
        Assert.IsType<SendItem>(dayLater);
        Assert.Equal(0, planner.SentInLastDay);
    }
}
