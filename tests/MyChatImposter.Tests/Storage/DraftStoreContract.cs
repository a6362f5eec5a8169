using MyChatImposter.AutoReply;
using MyChatImposter.OwnerControl;

namespace MyChatImposter.Tests.Storage;

// What every IDraftStore must do, run once per backend by the classes deriving from this one.
public abstract class DraftStoreContract(TestDatabase database) : StoreContract<IDraftStore>(database)
{
    protected const string Bob = "bob@s.whatsapp.net";
    protected const string Dave = "dave@s.whatsapp.net";

    private int _next;

    protected Draft NewDraft(string userId = "alice", string correspondentId = Bob, DraftState state = DraftState.Pending, int expiresInMinutes = 30)
    {
        var n = ++_next;
        return new Draft(Guid.NewGuid().ToString(), userId, correspondentId, "Bob 🎸",
            [new Utterance("Bob", $"are you coming? {n}"), new Utterance("Bob", "answer \"please\"\nשלום")],
            $"on my way {n}", state, T0.AddMinutes(n), T0.AddMinutes(n + expiresInMinutes));
    }

    private static DraftDecision Approve(int minutes = 1) => new(DraftState.Approved, T0.AddMinutes(minutes), "self_chat", "on my way", "delivery-1");

    private static async Task<Draft> ReadAsync(IDraftStore store, Draft draft) =>
        await store.GetAsync(draft.UserId, draft.Id, Ct) ?? throw new Xunit.Sdk.XunitException($"draft {draft.Id} is gone");

    // Answered is a list: records compare it by reference, so it is compared by its items.
    protected static void AssertSameDraft(Draft expected, Draft? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Answered, actual.Answered);
        Assert.Equal(expected with { Answered = actual.Answered }, actual);
    }

    [Fact]
    public async Task Add_assigns_increasing_numbers_and_keeps_every_field()
    {
        var store = await OpenStoreAsync();
        var decided = NewDraft(correspondentId: Dave, state: DraftState.Monitored) with
        {
            CorrespondentName = null, Answered = [], SentText = "sent", DecidedAt = T0.AddHours(1), DecidedBy = "site", DeliveryId = "d-1",
        };

        var first = await store.AddAsync(NewDraft(), Ct);
        var second = await store.AddAsync(decided, Ct);

        Assert.True(first.Number > 0);
        Assert.True(second.Number > first.Number);
        AssertSameDraft(first, await ReadAsync(store, first));
        AssertSameDraft(decided with { Number = second.Number }, await ReadAsync(store, second));
        AssertSameDraft(first, await store.GetByNumberAsync("alice", first.Number, Ct));
        Assert.Null(await store.GetByNumberAsync("carol", first.Number, Ct));
        Assert.Null(await store.GetAsync("carol", first.Id, Ct));
        Assert.Null(await store.GetAsync("alice", "no-such-draft", Ct));
    }

    [Fact]
    public async Task A_conversation_has_at_most_one_pending_draft()
    {
        var store = await OpenStoreAsync();
        var pending = await store.AddAsync(NewDraft(), Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AddAsync(NewDraft(), Ct));

        // Other conversations and users, and drafts that are not pending, are not held back.
        await store.AddAsync(NewDraft(correspondentId: Dave), Ct);
        await store.AddAsync(NewDraft("carol"), Ct);
        await store.AddAsync(NewDraft(state: DraftState.Monitored), Ct);
        AssertSameDraft(pending, await store.PendingForAsync("alice", Bob, Ct));
        // Once superseded, the next one may wait.
        Assert.NotNull(await store.DecideAsync("alice", pending.Id, new DraftDecision(DraftState.Superseded, T0, "newer_message"), null, Ct));
        Assert.Null(await store.PendingForAsync("alice", Bob, Ct));
        var next = await store.AddAsync(NewDraft(), Ct);
        Assert.Equal(next.Id, (await store.PendingForAsync("alice", Bob, Ct))?.Id);
        Assert.Equal(2, await store.CountAsync("alice", DraftState.Pending, Ct));
    }

    [Fact]
    public async Task A_draft_id_is_stored_once()
    {
        var store = await OpenStoreAsync();
        var draft = await store.AddAsync(NewDraft(state: DraftState.Monitored), Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AddAsync(draft with { CorrespondentId = Dave }, Ct));
        Assert.Equal(1, await store.CountForUserAsync("alice", Ct));
    }

    [Fact]
    public async Task Decide_moves_a_pending_draft_once()
    {
        var store = await OpenStoreAsync();
        var draft = await store.AddAsync(NewDraft(), Ct);

        var approved = await store.DecideAsync("alice", draft.Id, Approve(), null, Ct);

        AssertSameDraft(draft with
        {
            State = DraftState.Approved, DecidedAt = T0.AddMinutes(1), DecidedBy = "self_chat", SentText = "on my way", DeliveryId = "delivery-1",
        }, approved);
        AssertSameDraft(approved!, await ReadAsync(store, draft));
        Assert.Null(await store.DecideAsync("alice", draft.Id, new DraftDecision(DraftState.Rejected, T0.AddMinutes(2), "site"), null, Ct));
        Assert.Null(await store.DecideAsync("carol", draft.Id, Approve(), null, Ct));
        Assert.Null(await store.DecideAsync("alice", "no-such-draft", Approve(), null, Ct));
        AssertSameDraft(approved!, await ReadAsync(store, draft));
        await Assert.ThrowsAsync<ArgumentException>(() => store.DecideAsync("alice", draft.Id, Approve() with { State = DraftState.Pending }, null, Ct));
    }

    [Fact]
    public async Task Concurrent_deciders_leave_exactly_one_decision()
    {
        var store = await OpenStoreAsync();
        var draft = await store.AddAsync(NewDraft(), Ct);

        var results = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => Task.Run(() => store.DecideAsync("alice", draft.Id,
            new DraftDecision(i % 2 == 0 ? DraftState.Approved : DraftState.Rejected, T0.AddMinutes(i), $"decider {i}"), null, Ct), Ct)));

        var winner = Assert.Single(results, result => result is not null);
        AssertSameDraft(winner!, await ReadAsync(store, draft));
    }

    [Fact]
    public async Task Decide_with_notExpiredAt_refuses_a_draft_expiring_at_or_before_that_instant()
    {
        var store = await OpenStoreAsync();
        var draft = await store.AddAsync(NewDraft(expiresInMinutes: 30), Ct);

        Assert.Null(await store.DecideAsync("alice", draft.Id, Approve(), draft.ExpiresAt, Ct));
        Assert.Null(await store.DecideAsync("alice", draft.Id, Approve(), draft.ExpiresAt.AddSeconds(1), Ct));
        Assert.Equal(DraftState.Pending, (await ReadAsync(store, draft)).State);

        var approved = await store.DecideAsync("alice", draft.Id, Approve(), draft.ExpiresAt.AddMilliseconds(-1), Ct);
        Assert.Equal(DraftState.Approved, approved?.State);
    }

    [Fact]
    public async Task Reopen_moves_back_to_pending_only_from_the_given_state_and_clears_the_decision()
    {
        var store = await OpenStoreAsync();
        var draft = await store.AddAsync(NewDraft(), Ct);
        await store.DecideAsync("alice", draft.Id, Approve(), null, Ct);

        Assert.False(await store.ReopenAsync("alice", draft.Id, DraftState.Replaced, Ct));
        Assert.False(await store.ReopenAsync("carol", draft.Id, DraftState.Approved, Ct));
        Assert.True(await store.ReopenAsync("alice", draft.Id, DraftState.Approved, Ct));
        Assert.False(await store.ReopenAsync("alice", draft.Id, DraftState.Approved, Ct));

        AssertSameDraft(draft, await ReadAsync(store, draft));
        AssertSameDraft(draft, await store.PendingForAsync("alice", Bob, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ReopenAsync("alice", draft.Id, DraftState.Pending, Ct));
    }

    [Fact]
    public async Task Reopen_is_refused_when_the_conversation_has_a_new_pending_draft()
    {
        var store = await OpenStoreAsync();
        var old = await store.AddAsync(NewDraft(), Ct);
        await store.DecideAsync("alice", old.Id, Approve(), null, Ct);
        var newer = await store.AddAsync(NewDraft(), Ct);

        Assert.False(await store.ReopenAsync("alice", old.Id, DraftState.Approved, Ct));

        Assert.Equal(DraftState.Approved, (await ReadAsync(store, old)).State);
        Assert.Equal(newer.Id, (await store.PendingForAsync("alice", Bob, Ct))?.Id);
    }

    [Fact]
    public async Task Expire_ends_every_users_pending_drafts_due_at_or_before_now_and_returns_them()
    {
        var store = await OpenStoreAsync();
        var due = await store.AddAsync(NewDraft(expiresInMinutes: 10), Ct);                        // expires T0+11m
        var carols = await store.AddAsync(NewDraft("carol", expiresInMinutes: 9), Ct);           // T0+11m
        var later = await store.AddAsync(NewDraft(correspondentId: Dave, expiresInMinutes: 60), Ct);
        var decided = await store.AddAsync(NewDraft("erin", expiresInMinutes: 1), Ct);
        await store.DecideAsync("erin", decided.Id, Approve(), null, Ct);

        var expired = await store.ExpireAsync(T0.AddMinutes(11), Ct);

        Assert.Equal([due.Number, carols.Number], expired.Select(d => d.Number));
        AssertSameDraft(due with { State = DraftState.Expired, DecidedAt = T0.AddMinutes(11), DecidedBy = "expiry" }, expired[0]);
        AssertSameDraft(expired[0], await ReadAsync(store, due));
        Assert.Equal(DraftState.Pending, (await ReadAsync(store, later)).State);
        Assert.Equal(DraftState.Approved, (await ReadAsync(store, decided)).State);
        Assert.Empty(await store.ExpireAsync(T0.AddMinutes(11), Ct));
        // An expired draft is never sent late.
        Assert.Null(await store.DecideAsync("alice", due.Id, Approve(), null, Ct));
    }

    [Fact]
    public async Task List_is_newest_number_first_by_state_and_pages_below_a_number()
    {
        var store = await OpenStoreAsync();
        var a = await store.AddAsync(NewDraft(state: DraftState.Monitored), Ct);
        var b = await store.AddAsync(NewDraft(), Ct);
        var c = await store.AddAsync(NewDraft(correspondentId: Dave, state: DraftState.Monitored), Ct);
        await store.AddAsync(NewDraft("carol"), Ct);
        var d = await store.AddAsync(NewDraft(correspondentId: "erin", state: DraftState.Monitored), Ct);

        Assert.Equal([d.Number, c.Number, b.Number, a.Number], (await store.ListAsync("alice", null, null, 10, Ct)).Select(x => x.Number));
        Assert.Equal([d.Number, c.Number], (await store.ListAsync("alice", null, null, 2, Ct)).Select(x => x.Number));
        Assert.Equal([b.Number, a.Number], (await store.ListAsync("alice", null, c.Number, 10, Ct)).Select(x => x.Number));
        Assert.Equal([c.Number, a.Number], (await store.ListAsync("alice", DraftState.Monitored, d.Number, 10, Ct)).Select(x => x.Number));
        Assert.Equal([b.Number], (await store.ListAsync("alice", DraftState.Pending, null, 10, Ct)).Select(x => x.Number));
        Assert.Empty(await store.ListAsync("alice", DraftState.Rejected, null, 10, Ct));
        Assert.Equal(3, await store.CountAsync("alice", DraftState.Monitored, Ct));
        Assert.Equal(1, await store.CountAsync("carol", DraftState.Pending, Ct));
        Assert.Equal(0, await store.CountAsync("carol", DraftState.Monitored, Ct));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1_001)]
    public async Task A_limit_outside_1_to_1000_is_refused(int limit)
    {
        var store = await OpenStoreAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync("alice", null, null, limit, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync("alice", DraftState.Pending, 5, limit, Ct));
    }

    [Fact]
    public async Task Retention_deletes_drafts_decided_before_then_and_never_a_pending_one()
    {
        var store = await OpenStoreAsync();
        var old = await store.AddAsync(NewDraft(), Ct);
        await store.DecideAsync("alice", old.Id, new DraftDecision(DraftState.Rejected, T0.AddDays(1), "site"), null, Ct);
        var recent = await store.AddAsync(NewDraft(), Ct);
        await store.DecideAsync("alice", recent.Id, new DraftDecision(DraftState.Rejected, T0.AddDays(3), "site"), null, Ct);
        var pending = await store.AddAsync(NewDraft(), Ct);
        // Monitored drafts never were pending: their creation (T0 + minutes) counts.
        var monitored = await store.AddAsync(NewDraft("carol", state: DraftState.Monitored), Ct);

        Assert.Equal(2, await store.DeleteDecidedBeforeAsync(T0.AddDays(2), Ct));

        Assert.Null(await store.GetAsync("alice", old.Id, Ct));
        Assert.Null(await store.GetAsync("carol", monitored.Id, Ct));
        Assert.NotNull(await store.GetAsync("alice", recent.Id, Ct));
        Assert.Equal(1, await store.DeleteDecidedBeforeAsync(T0.AddYears(1), Ct));
        Assert.NotNull(await store.GetAsync("alice", pending.Id, Ct));
    }

    [Fact]
    public async Task Erasing_a_user_removes_only_its_drafts()
    {
        var store = await OpenStoreAsync();
        await store.AddAsync(NewDraft(), Ct);
        await store.AddAsync(NewDraft(correspondentId: Dave, state: DraftState.Monitored), Ct);
        var carols = await store.AddAsync(NewDraft("carol"), Ct);

        Assert.Equal(2, await store.CountForUserAsync("alice", Ct));
        Assert.Equal(2, await store.DeleteForUserAsync("alice", Ct));
        Assert.Equal(0, await store.CountForUserAsync("alice", Ct));
        Assert.Equal(0, await store.DeleteForUserAsync("alice", Ct));
        AssertSameDraft(carols, await store.GetAsync("carol", carols.Id, Ct));
    }

    [Fact]
    public async Task Every_state_round_trips_and_drafts_survive_a_restart()
    {
        var store = await OpenStoreAsync();
        var states = Enum.GetValues<DraftState>();
        var stored = new List<Draft>();
        foreach (var state in states)
        {
            stored.Add(await store.AddAsync(NewDraft(correspondentId: $"c{stored.Count}", state: state), Ct));
        }

        store = await RestartAsync();

        Assert.Equal(states.Reverse(), (await store.ListAsync("alice", null, null, 100, Ct)).Select(d => d.State));
        AssertSameDraft(stored[0], await ReadAsync(store, stored[0]));
        Assert.True((await store.AddAsync(NewDraft(), Ct)).Number > stored[^1].Number);
    }
}
