using MyChatImposter.OwnerControl;

namespace MyChatImposter.Tests.Storage;

// What every IReplyHistoryStore must do, run once per backend by the classes deriving from this one.
public abstract class ReplyHistoryStoreContract(TestDatabase database) : StoreContract<IReplyHistoryStore>(database)
{
    protected const string Bob = "bob@s.whatsapp.net";
    protected const string Dave = "dave@s.whatsapp.net";

    protected static ReplyEvent NewEvent(
        string userId = "alice", string correspondentId = Bob, ReplyEventKind kind = ReplyEventKind.Replied, int minutes = 0) =>
        new(userId, correspondentId, kind, T0.AddMinutes(minutes), $"reply at {minutes}");

    private static async Task<List<ReplyEvent>> AddAllAsync(IReplyHistoryStore store, params ReplyEvent[] events)
    {
        var stored = new List<ReplyEvent>();
        foreach (var replyEvent in events)
        {
            stored.Add(await store.AddAsync(replyEvent, Ct));
        }
        return stored;
    }

    [Fact]
    public async Task Add_assigns_increasing_ids_and_keeps_every_field()
    {
        var store = await OpenStoreAsync();
        var full = new ReplyEvent("alice", Bob, ReplyEventKind.Drafted, T0, "draft \"text\"\nשלום 👋", "detail", DraftNumber: 12);
        var bare = new ReplyEvent("alice", Bob, ReplyEventKind.HandedBack, T0.AddMinutes(1));

        var first = await store.AddAsync(full, Ct);
        var second = await store.AddAsync(bare, Ct);

        Assert.True(first.Id > 0);
        Assert.True(second.Id > first.Id);
        Assert.Equal(full with { Id = first.Id }, first);
        Assert.Equal([second, first], await store.ListAsync("alice", null, null, 10, Ct));
    }

    [Fact]
    public async Task List_is_newest_first_for_one_conversation_or_all_and_pages_below_an_id()
    {
        var store = await OpenStoreAsync();
        var events = await AddAllAsync(store,
            NewEvent(minutes: 1), NewEvent(correspondentId: Dave, minutes: 2), NewEvent("carol", minutes: 3),
            NewEvent(kind: ReplyEventKind.TakenOver, minutes: 4), NewEvent(correspondentId: Dave, minutes: 5));

        Assert.Equal([events[4], events[3], events[1], events[0]], await store.ListAsync("alice", null, null, 10, Ct));
        Assert.Equal([events[3], events[0]], await store.ListAsync("alice", Bob, null, 10, Ct));
        Assert.Equal([events[4], events[3]], await store.ListAsync("alice", null, null, 2, Ct));
        Assert.Equal([events[1], events[0]], await store.ListAsync("alice", null, events[3].Id, 10, Ct));
        Assert.Equal([events[0]], await store.ListAsync("alice", Bob, events[3].Id, 10, Ct));
        Assert.Equal([events[2]], await store.ListAsync("carol", null, null, 10, Ct));
        Assert.Empty(await store.ListAsync("alice", "nobody", null, 10, Ct));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1_001)]
    public async Task A_limit_outside_1_to_1000_is_refused(int limit)
    {
        var store = await OpenStoreAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync("alice", null, null, limit, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync("alice", Bob, 5, limit, Ct));
    }

    [Fact]
    public async Task Every_kind_round_trips()
    {
        var store = await OpenStoreAsync();
        var kinds = Enum.GetValues<ReplyEventKind>();
        foreach (var kind in kinds)
        {
            await store.AddAsync(NewEvent(kind: kind), Ct);
        }

        Assert.Equal(kinds.Reverse(), (await store.ListAsync("alice", null, null, 100, Ct)).Select(e => e.Kind));
    }

    [Fact]
    public async Task Retention_deletes_every_users_events_before_then()
    {
        var store = await OpenStoreAsync();
        var events = await AddAllAsync(store, NewEvent(minutes: 1), NewEvent("carol", minutes: 2), NewEvent(minutes: 3), NewEvent(minutes: 4));

        Assert.Equal(2, await store.DeleteBeforeAsync(T0.AddMinutes(3), Ct));

        Assert.Equal([events[3], events[2]], await store.ListAsync("alice", null, null, 10, Ct));
        Assert.Empty(await store.ListAsync("carol", null, null, 10, Ct));
    }

    [Fact]
    public async Task Erasing_a_user_removes_only_its_history_and_ids_keep_growing_after_a_restart()
    {
        var store = await OpenStoreAsync();
        var events = await AddAllAsync(store, NewEvent(), NewEvent(correspondentId: Dave), NewEvent("carol"));

        Assert.Equal(2, await store.CountForUserAsync("alice", Ct));
        Assert.Equal(2, await store.DeleteForUserAsync("alice", Ct));
        Assert.Equal(0, await store.CountForUserAsync("alice", Ct));
        Assert.Equal(0, await store.DeleteForUserAsync("alice", Ct));

        store = await RestartAsync();

        Assert.Equal([events[2]], await store.ListAsync("carol", null, null, 10, Ct));
        Assert.True((await store.AddAsync(NewEvent(), Ct)).Id > events[2].Id);
    }
}
