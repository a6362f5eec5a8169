using System.Text.Json.Nodes;
using MyChatImposter.Delivery;

namespace MyChatImposter.Tests.Storage;

// What every IDeliveryStore must do, run once per backend by the classes deriving from this one.
public abstract class DeliveryStoreContract(TestDatabase database) : StoreContract<IDeliveryStore>(database)
{
    private int _next;

    protected DeliveryItem NewItem(string userId = "alice", string recipient = "bob@s.whatsapp.net", DeliveryState state = DeliveryState.Active,
        string? text = null)
    {
        var (type, json) = DeliveryContent.Encode(new TextContent(text ?? $"message {++_next}"));
        return new DeliveryItem(Guid.NewGuid().ToString(), userId, "sandbox", recipient, "auto_reply", type, json, state, 0, T0.AddSeconds(_next));
    }

    private async Task<List<DeliveryItem>> AddAllAsync(IDeliveryStore store, params DeliveryItem[] items)
    {
        var stored = new List<DeliveryItem>();
        foreach (var item in items)
        {
            stored.Add(await store.AddAsync(item, Ct));
        }
        return stored;
    }

    private static async Task<DeliveryItem> ReadAsync(IDeliveryStore store, string id) =>
        await store.GetAsync(id, Ct) ?? throw new Xunit.Sdk.XunitException($"item {id} is gone");

    private static IEnumerable<string> Texts(IEnumerable<DeliveryItem> items) =>
        items.Select(item => ((TextContent)DeliveryContent.Decode(item.MessageType, item.Content)!).Text);

    [Fact]
    public async Task Add_assigns_increasing_sequences_and_keeps_every_field()
    {
        var store = await OpenStoreAsync();
        var (documentType, documentJson) = DeliveryContent.Encode(new DocumentContent([1, 2, 255], "task_1234abcd.ics", "text/calendar", "Dentist 🦷"));
        var full = new DeliveryItem("7b3c1d9e-0000-4000-8000-000000000001", "alice", null, OutboundMessage.SelfRecipient, "group_tracking",
            documentType, documentJson, DeliveryState.Holding, 2, new DateTimeOffset(2026, 2, 3, 4, 5, 6, 789, TimeSpan.FromHours(3)))
        {
            NextAttemptAt = T0.AddMinutes(5),
            SendingSince = T0.AddMinutes(1),
            LastError = "TimeoutException: שלום \"no answer\"",
        };
        var text = NewItem(text: "héllo \"world\" 👋\nline two");

        var first = await store.AddAsync(full, Ct);
        var second = await store.AddAsync(text, Ct);

        Assert.True(first.Sequence > 0);
        Assert.True(second.Sequence > first.Sequence);
        AssertSame(first, await ReadAsync(store, full.Id));
        AssertSame(second, await ReadAsync(store, text.Id));
        var document = (DocumentContent)DeliveryContent.Decode(documentType, (await ReadAsync(store, full.Id)).Content)!;
        Assert.Equal([1, 2, 255], document.Content);
        Assert.Equal("Dentist 🦷", document.Caption);
        Assert.Equal(["héllo \"world\" 👋\nline two"], Texts([await ReadAsync(store, text.Id)]));
        Assert.Null(await store.GetAsync("no-such-item", Ct));
    }

    [Fact]
    public async Task List_is_one_users_state_in_sequence_order_and_pages()
    {
        var store = await OpenStoreAsync();
        var items = await AddAllAsync(store,
            NewItem(text: "a1"), NewItem("carol", text: "c1"), NewItem(text: "a2"), NewItem(state: DeliveryState.Holding, text: "h1"),
            NewItem(recipient: "dave@s.whatsapp.net", text: "a3"));

        Assert.Equal(["a1", "a2", "a3"], Texts(await store.ListAsync("alice", DeliveryState.Active, 0, 100, Ct)));
        Assert.Equal(["h1"], Texts(await store.ListAsync("alice", DeliveryState.Holding, 0, 100, Ct)));
        Assert.Equal(["c1"], Texts(await store.ListAsync("carol", DeliveryState.Active, 0, 100, Ct)));
        Assert.Empty(await store.ListAsync("alice", DeliveryState.Failed, 0, 100, Ct));
        Assert.Equal(["a1", "a2"], Texts(await store.ListAsync("alice", DeliveryState.Active, 0, 2, Ct)));
        Assert.Equal(["a3"], Texts(await store.ListAsync("alice", DeliveryState.Active, items[2].Sequence, 2, Ct)));
        Assert.Equal(3, await store.CountAsync("alice", DeliveryState.Active, Ct));
        Assert.Equal(1, await store.CountAsync("alice", DeliveryState.Holding, Ct));
        Assert.Equal(0, await store.CountAsync("nobody", DeliveryState.Active, Ct));
        Assert.Equal(new Dictionary<DeliveryState, long> { [DeliveryState.Active] = 4, [DeliveryState.Holding] = 1 },
            await store.CountByStateAsync(Ct));
    }

    [Fact]
    public async Task Waiting_and_failed_items_are_counted_per_user_for_the_activity_charts()
    {
        var store = await OpenStoreAsync();
        var items = await AddAllAsync(store,
            NewItem(text: "a1"), NewItem(state: DeliveryState.Holding, text: "h1"), NewItem(state: DeliveryState.Failed, text: "f1"),
            NewItem(text: "s1"), NewItem("carol", state: DeliveryState.Failed, text: "c1"), NewItem("dave", text: "d1"));
        foreach (var sent in new[] { items[3], items[5] })
        {
            Assert.True(await store.ClaimAsync(sent.Id, T0, Ct));
            Assert.True(await store.CompleteAsync(sent.Id, "wamid-" + sent.Id, T0, Ct));
        }

        var depths = (await store.CountWaitingByUserAsync(Ct)).OrderBy(depth => depth.UserId, StringComparer.Ordinal).ToList();

        Assert.Equal([new UserQueueDepth("alice", 2, 1), new UserQueueDepth("carol", 0, 1)], depths);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_001)]
    public async Task A_limit_outside_1_to_1000_is_refused(int limit)
    {
        var store = await OpenStoreAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync("alice", DeliveryState.Active, 0, limit, Ct));
    }

    [Fact]
    public async Task Active_heads_are_each_recipients_oldest_active_item_in_sequence_order()
    {
        var store = await OpenStoreAsync();
        await AddAllAsync(store,
            NewItem(recipient: "x", state: DeliveryState.Holding, text: "x-held"),
            NewItem(recipient: "y", text: "y1"),
            NewItem(recipient: "x", text: "x1"),
            NewItem(recipient: "y", text: "y2"),
            NewItem("carol", recipient: "z", text: "carol"),
            NewItem(recipient: "z", text: "z1"),
            NewItem(recipient: "x", text: "x2"));

        Assert.Equal(["y1", "x1", "z1"], Texts(await store.ActiveHeadsAsync("alice", Ct)));
        Assert.Empty(await store.ActiveHeadsAsync("nobody", Ct));
    }

    [Fact]
    public async Task Move_changes_one_users_items_or_everyones_and_only_from_the_given_state()
    {
        var store = await OpenStoreAsync();
        var items = await AddAllAsync(store, NewItem(), NewItem(), NewItem("carol"), NewItem(state: DeliveryState.Failed));

        Assert.Equal(2, await store.MoveAsync("alice", DeliveryState.Active, DeliveryState.Holding, Ct));
        Assert.Equal(DeliveryState.Holding, (await ReadAsync(store, items[0].Id)).State);
        Assert.Equal(DeliveryState.Active, (await ReadAsync(store, items[2].Id)).State);
        Assert.Equal(DeliveryState.Failed, (await ReadAsync(store, items[3].Id)).State);

        Assert.Equal(1, await store.MoveAsync(null, DeliveryState.Active, DeliveryState.Holding, Ct));
        Assert.Equal(3, await store.MoveAsync(null, DeliveryState.Holding, DeliveryState.Active, Ct));
        Assert.Equal(0, await store.MoveAsync("alice", DeliveryState.Holding, DeliveryState.Active, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.MoveAsync("alice", DeliveryState.Active, DeliveryState.Sent, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.MoveAsync("alice", DeliveryState.Active, DeliveryState.Failed, Ct));
    }

    [Fact]
    public async Task A_claim_counts_the_attempt_and_marks_it_in_flight_only_while_active()
    {
        var store = await OpenStoreAsync();
        var (active, holding) = (await store.AddAsync(NewItem(), Ct), await store.AddAsync(NewItem(state: DeliveryState.Holding), Ct));

        Assert.True(await store.ClaimAsync(active.Id, T0.AddMinutes(1), Ct));
        Assert.False(await store.ClaimAsync(holding.Id, T0, Ct));
        Assert.False(await store.ClaimAsync("no-such-item", T0, Ct));

        var claimed = await ReadAsync(store, active.Id);
        Assert.Equal(1, claimed.Attempts);
        Assert.Equal(T0.AddMinutes(1), claimed.SendingSince);
        Assert.Equal(0, (await ReadAsync(store, holding.Id)).Attempts);
    }

    [Fact]
    public async Task Completing_stores_the_provider_id_in_one_write_and_only_once()
    {
        var store = await OpenStoreAsync();
        var item = await store.AddAsync(NewItem(recipient: "bob"), Ct);
        await store.ClaimAsync(item.Id, T0, Ct);
        // A disconnect during the send moved it to holding: the answer still completes it.
        await store.MoveAsync("alice", DeliveryState.Active, DeliveryState.Holding, Ct);

        Assert.True(await store.CompleteAsync(item.Id, "3EB0ABCDEF", T0.AddSeconds(3), Ct));
        Assert.False(await store.CompleteAsync(item.Id, "3EB0OTHER", T0.AddSeconds(4), Ct));
        Assert.False(await store.ClaimAsync(item.Id, T0, Ct));

        var sent = await ReadAsync(store, item.Id);
        Assert.Equal(DeliveryState.Sent, sent.State);
        Assert.Equal("3EB0ABCDEF", sent.ProviderMessageId);
        Assert.Equal(T0.AddSeconds(3), sent.SentAt);
        Assert.Null(sent.SendingSince);
        Assert.Equal(1, sent.Attempts);
        Assert.Empty(await store.ActiveHeadsAsync("alice", Ct));
        Assert.Equal(0, await store.MoveAsync(null, DeliveryState.Holding, DeliveryState.Active, Ct));
        Assert.False(await store.FailAsync(item.Id, "late", T0, Ct));
    }

    [Fact]
    public async Task Releasing_ends_the_attempt_and_a_refund_takes_it_back()
    {
        var store = await OpenStoreAsync();
        var item = await store.AddAsync(NewItem(), Ct);
        await store.ClaimAsync(item.Id, T0, Ct);

        Assert.True(await store.ReleaseAsync(item.Id, T0.AddMinutes(2), "IOException: reset", refundAttempt: false, Ct));
        var released = await ReadAsync(store, item.Id);
        Assert.Equal((1, (DateTimeOffset?)T0.AddMinutes(2), "IOException: reset", (DateTimeOffset?)null),
            (released.Attempts, released.NextAttemptAt, released.LastError, released.SendingSince));

        await store.ClaimAsync(item.Id, T0.AddMinutes(2), Ct);
        Assert.True(await store.ReleaseAsync(item.Id, null, null, refundAttempt: true, Ct));
        var refunded = await ReadAsync(store, item.Id);
        Assert.Equal((1, (DateTimeOffset?)null, "IOException: reset"), (refunded.Attempts, refunded.NextAttemptAt, refunded.LastError));

        Assert.True(await store.ReleaseAsync(item.Id, null, null, refundAttempt: true, Ct));
        Assert.True(await store.ReleaseAsync(item.Id, null, null, refundAttempt: true, Ct));
        Assert.Equal(0, (await ReadAsync(store, item.Id)).Attempts);
        Assert.False(await store.ReleaseAsync("no-such-item", null, null, false, Ct));
    }

    [Fact]
    public async Task Failed_items_keep_the_last_error_and_a_retry_resets_their_attempts()
    {
        var store = await OpenStoreAsync();
        var items = await AddAllAsync(store, NewItem(), NewItem(), NewItem("carol"));
        foreach (var item in items)
        {
            await store.ClaimAsync(item.Id, T0, Ct);
            Assert.True(await store.FailAsync(item.Id, "HttpRequestException: 500", T0.AddMinutes(1), Ct));
        }

        var failed = await ReadAsync(store, items[0].Id);
        Assert.Equal((DeliveryState.Failed, "HttpRequestException: 500", (DateTimeOffset?)T0.AddMinutes(1), (DateTimeOffset?)null),
            (failed.State, failed.LastError, failed.FailedAt, failed.SendingSince));
        Assert.False(await store.ClaimAsync(items[0].Id, T0, Ct));

        Assert.True(await store.RetryAsync(items[0].Id, DeliveryState.Holding, Ct));
        Assert.False(await store.RetryAsync(items[0].Id, DeliveryState.Active, Ct));
        var retried = await ReadAsync(store, items[0].Id);
        Assert.Equal((DeliveryState.Holding, 0, "HttpRequestException: 500", (DateTimeOffset?)null),
            (retried.State, retried.Attempts, retried.LastError, retried.FailedAt));

        Assert.Equal(1, await store.RetryAllAsync("alice", DeliveryState.Active, Ct));
        Assert.Equal(DeliveryState.Active, (await ReadAsync(store, items[1].Id)).State);
        Assert.Equal(DeliveryState.Failed, (await ReadAsync(store, items[2].Id)).State);
        await Assert.ThrowsAsync<ArgumentException>(() => store.RetryAsync(items[2].Id, DeliveryState.Sent, Ct));
    }

    [Fact]
    public async Task Delete_removes_an_item_only_in_the_named_state_and_erase_removes_a_users_items()
    {
        var store = await OpenStoreAsync();
        var items = await AddAllAsync(store, NewItem(), NewItem(state: DeliveryState.Holding), NewItem("carol"));

        Assert.False(await store.DeleteAsync(items[0].Id, DeliveryState.Holding, Ct));
        Assert.True(await store.DeleteAsync(items[0].Id, DeliveryState.Active, Ct));
        Assert.False(await store.DeleteAsync(items[0].Id, DeliveryState.Active, Ct));
        Assert.Null(await store.GetAsync(items[0].Id, Ct));

        Assert.Equal(1, await store.DeleteForUserAsync("alice", Ct));
        Assert.Equal(0, await store.DeleteForUserAsync("alice", Ct));
        Assert.NotNull(await store.GetAsync(items[2].Id, Ct));
    }

    [Fact]
    public async Task Sent_records_are_listed_for_the_caps_and_purged_after_retention()
    {
        var store = await OpenStoreAsync();
        var items = await AddAllAsync(store, NewItem(recipient: "x"), NewItem(recipient: "y"), NewItem(recipient: "x"), NewItem("carol"), NewItem());
        for (var index = 0; index < 4; index++)
        {
            Assert.True(await store.CompleteAsync(items[index].Id, $"p{index}", T0.AddHours(index), Ct));
        }

        Assert.Equal([new SentRecord("y", T0.AddHours(1)), new SentRecord("x", T0.AddHours(2))],
            await store.SentSinceAsync("alice", T0.AddHours(1), Ct));
        Assert.Equal(3, (await store.SentSinceAsync("alice", T0, Ct)).Count);

        Assert.Equal(2, await store.DeleteSentBeforeAsync(T0.AddHours(2), Ct));
        Assert.Null(await store.GetAsync(items[0].Id, Ct));
        Assert.NotNull(await store.GetAsync(items[2].Id, Ct));
        Assert.NotNull(await store.GetAsync(items[3].Id, Ct));
        Assert.NotNull(await store.GetAsync(items[4].Id, Ct));
    }

    [Fact]
    public async Task Withdraw_takes_only_the_users_unclaimed_active_and_holding_items_to_that_recipient_from_that_origin()
    {
        var store = await OpenStoreAsync();
        var items = await AddAllAsync(store,
            NewItem(recipient: "bob", text: "active"),
            NewItem(recipient: "bob", text: "in flight"),
            NewItem(recipient: "dave", text: "other recipient"),
            NewItem(recipient: "bob", state: DeliveryState.Holding, text: "holding"),
            NewItem(recipient: "bob", text: "other origin") with { Origin = "group_tracking" },
            NewItem(recipient: "bob", state: DeliveryState.Failed, text: "failed"),
            NewItem(recipient: "bob", text: "sent"),
            NewItem("carol", recipient: "bob", text: "carol's"),
            NewItem(recipient: "bob", state: DeliveryState.Holding, text: "holding 2"));
        Assert.True(await store.ClaimAsync(items[1].Id, T0, Ct));
        Assert.True(await store.CompleteAsync(items[6].Id, "3EB0SENT", T0, Ct));

        var withdrawn = await store.WithdrawAsync("alice", "bob", "auto_reply", T0.AddMinutes(5), Ct);

        Assert.Equal(["active", "holding", "holding 2"], Texts(withdrawn));
        Assert.Equal([items[0].Sequence, items[3].Sequence, items[8].Sequence], withdrawn.Select(item => item.Sequence));
        Assert.All(withdrawn, item => Assert.Equal((DeliveryState.Withdrawn, (DateTimeOffset?)T0.AddMinutes(5)), (item.State, item.WithdrawnAt)));
        Assert.Equal(withdrawn, [await ReadAsync(store, items[0].Id), await ReadAsync(store, items[3].Id), await ReadAsync(store, items[8].Id)]);
        Assert.Equal(
            [DeliveryState.Active, DeliveryState.Active, DeliveryState.Active, DeliveryState.Failed, DeliveryState.Sent, DeliveryState.Active],
            [
                (await ReadAsync(store, items[1].Id)).State, (await ReadAsync(store, items[2].Id)).State, (await ReadAsync(store, items[4].Id)).State,
                (await ReadAsync(store, items[5].Id)).State, (await ReadAsync(store, items[6].Id)).State, (await ReadAsync(store, items[7].Id)).State,
            ]);
        Assert.Null((await ReadAsync(store, items[1].Id)).WithdrawnAt);
        Assert.Equal(3, await store.CountAsync("alice", DeliveryState.Withdrawn, Ct));
        Assert.Empty(await store.WithdrawAsync("alice", "bob", "auto_reply", T0.AddMinutes(6), Ct));
    }

    [Fact]
    public async Task A_withdrawn_item_is_never_claimed_completed_failed_or_moved()
    {
        var store = await OpenStoreAsync();
        var item = await store.AddAsync(NewItem(recipient: "bob"), Ct);
        Assert.Single(await store.WithdrawAsync("alice", "bob", "auto_reply", T0, Ct));

        Assert.False(await store.ClaimAsync(item.Id, T0, Ct));
        Assert.False(await store.CompleteAsync(item.Id, "3EB0LATE", T0, Ct));
        Assert.False(await store.FailAsync(item.Id, "late", T0, Ct));
        Assert.False(await store.ReleaseAsync(item.Id, null, null, false, Ct));
        Assert.Empty(await store.ActiveHeadsAsync("alice", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.MoveAsync("alice", DeliveryState.Withdrawn, DeliveryState.Active, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.MoveAsync("alice", DeliveryState.Active, DeliveryState.Withdrawn, Ct));
        Assert.Equal(DeliveryState.Withdrawn, (await ReadAsync(store, item.Id)).State);
        Assert.Equal(new Dictionary<DeliveryState, long> { [DeliveryState.Withdrawn] = 1 }, await store.CountByStateAsync(Ct));
    }

    [Fact]
    public async Task Withdrawn_items_are_purged_after_retention_counted_from_when_they_were_withdrawn()
    {
        var store = await OpenStoreAsync();
        var items = await AddAllAsync(store, NewItem(recipient: "x"), NewItem(recipient: "y"), NewItem(recipient: "z"), NewItem(recipient: "x"));
        await store.WithdrawAsync("alice", "x", "auto_reply", T0.AddHours(1), Ct);
        await store.WithdrawAsync("alice", "y", "auto_reply", T0.AddHours(3), Ct);
        Assert.True(await store.CompleteAsync(items[2].Id, "3EB0Z", T0.AddHours(1), Ct));

        Assert.Equal(3, await store.DeleteSentBeforeAsync(T0.AddHours(2), Ct));

        Assert.Null(await store.GetAsync(items[0].Id, Ct));
        Assert.Null(await store.GetAsync(items[2].Id, Ct));
        Assert.Null(await store.GetAsync(items[3].Id, Ct));
        Assert.Equal(DeliveryState.Withdrawn, (await ReadAsync(store, items[1].Id)).State);
        Assert.Equal(1, await store.DeleteSentBeforeAsync(T0.AddHours(4), Ct));
    }

    [Fact]
    public async Task Items_and_their_in_flight_mark_survive_a_restart_and_sequences_keep_growing()
    {
        var store = await OpenStoreAsync();
        var item = await store.AddAsync(NewItem(), Ct);
        await store.ClaimAsync(item.Id, T0, Ct);

        store = await RestartAsync();

        var read = await ReadAsync(store, item.Id);
        Assert.Equal(T0, read.SendingSince);
        Assert.Equal(1, read.Attempts);
        Assert.True((await store.AddAsync(NewItem(), Ct)).Sequence > item.Sequence);
    }

    private static void AssertSame(DeliveryItem expected, DeliveryItem actual)
    {
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected.Content), JsonNode.Parse(actual.Content)),
            $"content {actual.Content} differs from {expected.Content}");
        Assert.Equal(expected with
        {
            Content = actual.Content,
            CreatedAt = Milliseconds(expected.CreatedAt),
            NextAttemptAt = expected.NextAttemptAt is { } next ? Milliseconds(next) : null,
            SendingSince = expected.SendingSince is { } since ? Milliseconds(since) : null,
        }, actual);
        Assert.Equal(TimeSpan.Zero, actual.CreatedAt.Offset);
    }
}
