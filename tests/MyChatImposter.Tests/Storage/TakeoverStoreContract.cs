using MyChatImposter.OwnerControl;

namespace MyChatImposter.Tests.Storage;

// What every ITakeoverStore must do, run once per backend by the classes deriving from this one.
public abstract class TakeoverStoreContract(TestDatabase database) : StoreContract<ITakeoverStore>(database)
{
    protected const string Bob = "bob@s.whatsapp.net";
    protected const string Dave = "dave@s.whatsapp.net";

    protected static Takeover NewTakeover(string userId = "alice", string correspondentId = Bob, int sinceMinutes = 0, int? untilMinutes = null) =>
        new(userId, correspondentId, "Bob 🎸 \"B\"", T0.AddMinutes(sinceMinutes), untilMinutes is { } until ? T0.AddMinutes(until) : null,
            "owner_message");

    [Fact]
    public async Task Set_inserts_then_replaces_the_conversations_takeover()
    {
        var store = await OpenStoreAsync();
        Assert.Null(await store.GetAsync("alice", Bob, Ct));

        await store.SetAsync(NewTakeover(untilMinutes: 60), Ct);
        Assert.Equal(NewTakeover(untilMinutes: 60), await store.GetAsync("alice", Bob, Ct));

        var replaced = NewTakeover(sinceMinutes: 5) with { DisplayName = null, By = "self_chat" };
        await store.SetAsync(replaced, Ct);

        Assert.Equal(replaced, await store.GetAsync("alice", Bob, Ct));
        Assert.Equal(1, await store.CountForUserAsync("alice", Ct));
        Assert.Null(await store.GetAsync("carol", Bob, Ct));
        Assert.Null(await store.GetAsync("alice", Dave, Ct));
    }

    [Fact]
    public async Task Concurrent_sets_of_one_conversation_leave_one_takeover()
    {
        var store = await OpenStoreAsync();

        await Task.WhenAll(Enumerable.Range(1, 8).Select(i => Task.Run(() => store.SetAsync(NewTakeover(sinceMinutes: i), Ct), Ct)));

        Assert.Equal(1, await store.CountForUserAsync("alice", Ct));
        Assert.Single(await store.ListAsync("alice", 10, Ct));
    }

    [Fact]
    public async Task Remove_hands_the_conversation_back_once()
    {
        var store = await OpenStoreAsync();
        await store.SetAsync(NewTakeover(), Ct);
        await store.SetAsync(NewTakeover("carol"), Ct);

        Assert.False(await store.RemoveAsync("alice", Dave, Ct));
        Assert.True(await store.RemoveAsync("alice", Bob, Ct));
        Assert.False(await store.RemoveAsync("alice", Bob, Ct));

        Assert.Null(await store.GetAsync("alice", Bob, Ct));
        Assert.NotNull(await store.GetAsync("carol", Bob, Ct));
    }

    [Fact]
    public async Task List_is_the_most_recent_since_first_ended_ones_included()
    {
        var store = await OpenStoreAsync();
        await store.SetAsync(NewTakeover(correspondentId: "c1", sinceMinutes: 10), Ct);
        await store.SetAsync(NewTakeover(correspondentId: "c2", sinceMinutes: 30, untilMinutes: 31), Ct);
        await store.SetAsync(NewTakeover(correspondentId: "c3", sinceMinutes: 20), Ct);
        await store.SetAsync(NewTakeover("carol", correspondentId: "c4", sinceMinutes: 40), Ct);

        Assert.Equal(["c2", "c3", "c1"], (await store.ListAsync("alice", 10, Ct)).Select(t => t.CorrespondentId));
        Assert.Equal(["c2", "c3"], (await store.ListAsync("alice", 2, Ct)).Select(t => t.CorrespondentId));
        Assert.Equal(NewTakeover(correspondentId: "c2", sinceMinutes: 30, untilMinutes: 31), (await store.ListAsync("alice", 1, Ct))[0]);
        Assert.Empty(await store.ListAsync("erin", 10, Ct));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1_001)]
    public async Task A_limit_outside_1_to_1000_is_refused(int limit)
    {
        var store = await OpenStoreAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync("alice", limit, Ct));
    }

    [Fact]
    public async Task Housekeeping_deletes_takeovers_ended_before_then_and_keeps_those_until_handed_back()
    {
        var store = await OpenStoreAsync();
        await store.SetAsync(NewTakeover(correspondentId: "ended", untilMinutes: 10), Ct);
        await store.SetAsync(NewTakeover("carol", correspondentId: "ended too", untilMinutes: 19), Ct);
        await store.SetAsync(NewTakeover(correspondentId: "ends at the cut", untilMinutes: 20), Ct);
        await store.SetAsync(NewTakeover(correspondentId: "ends later", untilMinutes: 90), Ct);
        await store.SetAsync(NewTakeover(correspondentId: "until handed back", sinceMinutes: -600), Ct);

        Assert.Equal(2, await store.DeleteEndedBeforeAsync(T0.AddMinutes(20), Ct));

        Assert.Equal(["ends at the cut", "ends later", "until handed back"],
            (await store.ListAsync("alice", 10, Ct)).Select(t => t.CorrespondentId).Order());
        Assert.Equal(0, await store.CountForUserAsync("carol", Ct));
    }

    [Fact]
    public async Task Erasing_a_user_removes_only_its_takeovers()
    {
        var store = await OpenStoreAsync();
        await store.SetAsync(NewTakeover(), Ct);
        await store.SetAsync(NewTakeover(correspondentId: Dave, untilMinutes: 5), Ct);
        await store.SetAsync(NewTakeover("carol"), Ct);

        Assert.Equal(2, await store.CountForUserAsync("alice", Ct));
        Assert.Equal(2, await store.DeleteForUserAsync("alice", Ct));
        Assert.Equal(0, await store.DeleteForUserAsync("alice", Ct));
        Assert.Equal(NewTakeover("carol"), await store.GetAsync("carol", Bob, Ct));
    }

    [Fact]
    public async Task Takeovers_survive_a_restart()
    {
        var store = await OpenStoreAsync();
        await store.SetAsync(NewTakeover(untilMinutes: 45), Ct);

        store = await RestartAsync();

        var takeover = await store.GetAsync("alice", Bob, Ct);
        Assert.Equal(NewTakeover(untilMinutes: 45), takeover);
        Assert.True(takeover!.IsActiveAt(T0.AddMinutes(44)));
    }
}
