using MyChatImposter.Webhooks;

namespace MyChatImposter.Tests.Storage;

// What every IWebhookOutboxStore must do, run once per backend by the classes deriving from this one.
public abstract class WebhookOutboxStoreContract(TestDatabase database) : StoreContract<IWebhookOutboxStore>(database)
{
    protected static WebhookDelivery NewDelivery(string id, string userId = "alice", string subscriptionId = "w1", int minutes = 0) =>
        new(id, "event-" + id, subscriptionId, userId, WebhookEventTypes.MessageReceived, """{"text":"Bonjour 👋 \"x\""}""",
            T0.AddMinutes(minutes), WebhookDeliveryState.Pending, 0, T0.AddMinutes(minutes));

    [Fact]
    public async Task Added_rows_come_back_as_written()
    {
        var store = await OpenStoreAsync();
        var finished = NewDelivery("d2") with
        {
            State = WebhookDeliveryState.Failed, Attempts = 12, NextAttemptAt = null, LastStatusCode = 500, LastError = "the receiver answered 500",
        };
        await store.AddAsync([NewDelivery("d1"), finished], Ct);

        Assert.Equal(NewDelivery("d1"), await store.GetAsync("alice", "d1", Ct));
        Assert.Equal(finished, await store.GetAsync("alice", "d2", Ct));
        Assert.Null(await store.GetAsync("carol", "d1", Ct));
        Assert.Equal(2, await store.CountForUserAsync("alice", Ct));
    }

    [Fact]
    public async Task Due_rows_are_every_users_pending_ones_at_or_before_now_longest_due_first()
    {
        var store = await OpenStoreAsync();
        await store.AddAsync([NewDelivery("late", minutes: 10), NewDelivery("d2", "carol", minutes: 2), NewDelivery("d1", minutes: 1)], Ct);
        await store.AddAsync([NewDelivery("done") with { State = WebhookDeliveryState.Delivered, DeliveredAt = T0 }], Ct);

        Assert.Equal(["d1", "d2"], (await store.DueAsync(T0.AddMinutes(5), 10, Ct)).Select(row => row.Id));
        Assert.Equal(["d1"], (await store.DueAsync(T0.AddMinutes(5), 1, Ct)).Select(row => row.Id));
        Assert.Equal(T0.AddMinutes(1), await store.NextDueAtAsync(Ct));
    }

    [Fact]
    public async Task A_claim_counts_the_attempt_and_moves_the_row_out_of_reach_until_its_lease_ends()
    {
        var store = await OpenStoreAsync();
        await store.AddAsync([NewDelivery("d1")], Ct);

        Assert.True(await store.ClaimAsync("d1", T0, T0.AddSeconds(20), Ct));
        Assert.False(await store.ClaimAsync("d1", T0, T0.AddSeconds(20), Ct));

        Assert.Empty(await store.DueAsync(T0.AddSeconds(19), 10, Ct));
        var claimed = (await store.GetAsync("alice", "d1", Ct))!;
        Assert.Equal((1, T0.AddSeconds(20)), (claimed.Attempts, claimed.NextAttemptAt));
        Assert.Equal(T0.AddSeconds(20), await store.NextDueAtAsync(Ct));
    }

    [Fact]
    public async Task An_attempts_outcome_is_recorded_only_while_the_row_is_pending()
    {
        var store = await OpenStoreAsync();
        await store.AddAsync([NewDelivery("d1")], Ct);
        await store.ClaimAsync("d1", T0, T0.AddSeconds(20), Ct);

        Assert.True(await store.FinishAttemptAsync("d1",
            new(WebhookDeliveryState.Pending, T0.AddSeconds(10), 503, "the receiver answered 503 Service Unavailable", null), Ct));
        Assert.True(await store.FinishAttemptAsync("d1", new(WebhookDeliveryState.Delivered, null, 204, null, T0.AddMinutes(1)), Ct));
        Assert.False(await store.FinishAttemptAsync("d1", new(WebhookDeliveryState.Failed, null, 500, "late", null), Ct));

        var row = (await store.GetAsync("alice", "d1", Ct))!;
        Assert.Equal((WebhookDeliveryState.Delivered, 1, (DateTimeOffset?)null, 204, (string?)null, T0.AddMinutes(1)),
            (row.State, row.Attempts, row.NextAttemptAt, row.LastStatusCode, row.LastError, row.DeliveredAt));
        Assert.Null(await store.NextDueAtAsync(Ct));
    }

    [Fact]
    public async Task Redeliver_makes_the_users_row_pending_and_due_with_its_attempts_counted_afresh()
    {
        var store = await OpenStoreAsync();
        await store.AddAsync([NewDelivery("d1") with { State = WebhookDeliveryState.Failed, Attempts = 12, NextAttemptAt = null, LastError = "x" }], Ct);

        Assert.False(await store.RedeliverAsync("carol", "d1", T0.AddHours(1), Ct));
        Assert.True(await store.RedeliverAsync("alice", "d1", T0.AddHours(1), Ct));

        var row = (await store.GetAsync("alice", "d1", Ct))!;
        Assert.Equal((WebhookDeliveryState.Pending, 0, T0.AddHours(1), "event-d1"), (row.State, row.Attempts, row.NextAttemptAt, row.EventId));
        Assert.Equal(["d1"], (await store.DueAsync(T0.AddHours(1), 10, Ct)).Select(due => due.Id));
    }

    [Fact]
    public async Task List_is_newest_first_filtered_by_subscription_and_state()
    {
        var store = await OpenStoreAsync();
        await store.AddAsync([NewDelivery("d1"), NewDelivery("d2", minutes: 1), NewDelivery("d3", subscriptionId: "w2", minutes: 2)], Ct);
        await store.AddAsync([NewDelivery("d4", minutes: 3) with { State = WebhookDeliveryState.Failed }, NewDelivery("d5", "carol")], Ct);

        Assert.Equal(["d4", "d3", "d2", "d1"], (await store.ListAsync("alice", null, null, 10, Ct)).Select(row => row.Id));
        Assert.Equal(["d4", "d2", "d1"], (await store.ListAsync("alice", "w1", null, 10, Ct)).Select(row => row.Id));
        Assert.Equal(["d2", "d1"], (await store.ListAsync("alice", "w1", WebhookDeliveryState.Pending, 10, Ct)).Select(row => row.Id));
        Assert.Equal(["d4"], (await store.ListAsync("alice", null, null, 1, Ct)).Select(row => row.Id));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync("alice", null, null, 0, Ct));
    }

    [Fact]
    public async Task Retention_deletes_only_finished_rows_created_before_the_cutoff()
    {
        var store = await OpenStoreAsync();
        await store.AddAsync([
            NewDelivery("old-delivered") with { State = WebhookDeliveryState.Delivered },
            NewDelivery("old-failed", "carol") with { State = WebhookDeliveryState.Failed },
            NewDelivery("old-pending"),
            NewDelivery("new-delivered", minutes: 10) with { State = WebhookDeliveryState.Delivered },
        ], Ct);

        Assert.Equal(2, await store.DeleteFinishedBeforeAsync(T0.AddMinutes(5), Ct));

        Assert.Equal(["new-delivered", "old-pending"], (await store.ListAsync("alice", null, null, 10, Ct)).Select(row => row.Id));
    }

    [Fact]
    public async Task Deleting_a_subscriptions_rows_or_a_users_leaves_the_others()
    {
        var store = await OpenStoreAsync();
        await store.AddAsync([NewDelivery("d1"), NewDelivery("d2", subscriptionId: "w2"), NewDelivery("d3", "carol")], Ct);

        Assert.Equal(1, await store.DeleteForSubscriptionAsync("alice", "w2", Ct));
        Assert.Equal(0, await store.DeleteForSubscriptionAsync("carol", "w2", Ct));
        Assert.Equal(["d1"], (await store.ListAsync("alice", null, null, 10, Ct)).Select(row => row.Id));
        Assert.Equal(1, await store.DeleteForUserAsync("alice", Ct));

        Assert.Equal(0, await store.CountForUserAsync("alice", Ct));
        Assert.Equal(1, await store.CountForUserAsync("carol", Ct));
    }

    [Fact]
    public async Task Pending_rows_survive_a_restart()
    {
        var store = await OpenStoreAsync();
        await store.AddAsync([NewDelivery("d1")], Ct);

        store = await RestartAsync();

        Assert.Equal(["d1"], (await store.DueAsync(T0, 10, Ct)).Select(row => row.Id));
    }
}
