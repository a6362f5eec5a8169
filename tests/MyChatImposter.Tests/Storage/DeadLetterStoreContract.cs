using MyChatImposter.Pipeline;

namespace MyChatImposter.Tests.Storage;

// What every IDeadLetterStore must do, run once per backend by the classes deriving from this one.
public abstract class DeadLetterStoreContract(TestDatabase database) : StoreContract<IDeadLetterStore>(database)
{
    protected static DeadLetter NewDeadLetter(string userId, string stage = "archive", int minutes = 0) => new(
        userId, stage, "972501234567@s.whatsapp.net", "3EB0C767D26A1D2E6B9A", "TimeoutException: no answer in 5 s",
        T0.AddMinutes(minutes));

    [Fact]
    public async Task Add_then_list_keeps_every_field()
    {
        var store = await OpenStoreAsync();
        var full = new DeadLetter(
            "alice", "auto-reply", "120363041234567890@g.us", "3EB0AAAA",
            "InvalidOperationException: שלום 👋 \"quoted\"\n   at Stage.RunAsync()",
            new DateTimeOffset(2026, 2, 3, 4, 5, 6, 789, TimeSpan.FromHours(3)));
        var sparse = new DeadLetter("alice", "dispatch", null, null, "", T0);

        await store.AddAsync(full, Ct);
        await store.AddAsync(sparse, Ct);
        var read = await store.ListAsync("alice", 10, Ct);

        Assert.Equal(2, read.Count);
        AssertSameDeadLetter(sparse, read[0]);
        AssertSameDeadLetter(full, read[1]);
        Assert.All(read, d => Assert.False(string.IsNullOrEmpty(d.Id)));
        Assert.NotEqual(read[0].Id, read[1].Id);
    }

    [Fact]
    public async Task List_is_newest_first_in_insertion_order_for_one_user_or_all()
    {
        var store = await OpenStoreAsync();
        // Insertion decides, not FailedAt: a late report of an older failure is still the newest row.
        await store.AddAsync(NewDeadLetter("alice", "a1", minutes: 1), Ct);
        await store.AddAsync(NewDeadLetter("bob", "b1", minutes: 2), Ct);
        await store.AddAsync(NewDeadLetter("alice", "a2", minutes: 3), Ct);
        await store.AddAsync(NewDeadLetter("alice", "a3", minutes: 0), Ct);
        await store.AddAsync(NewDeadLetter("bob", "b2", minutes: 4), Ct);

        Assert.Equal(["a3", "a2", "a1"], (await store.ListAsync("alice", 10, Ct)).Select(d => d.Stage));
        Assert.Equal(["b2", "b1"], (await store.ListAsync("bob", 10, Ct)).Select(d => d.Stage));
        Assert.Equal(["b2", "a3", "a2", "b1", "a1"], (await store.ListAsync(null, 10, Ct)).Select(d => d.Stage));
        Assert.Equal(["b2", "a3"], (await store.ListAsync(null, 2, Ct)).Select(d => d.Stage));
        Assert.Empty(await store.ListAsync("carol", 10, Ct));
    }

    [Fact]
    public async Task List_returns_at_most_the_limit_up_to_500()
    {
        var store = await OpenStoreAsync();
        for (var i = 0; i < 501; i++)
        {
            await store.AddAsync(NewDeadLetter("alice", $"s{i}"), Ct);
        }

        var page = await store.ListAsync(null, 500, Ct);
        Assert.Equal(500, page.Count);
        Assert.Equal("s500", page[0].Stage);
        Assert.Equal("s1", page[^1].Stage);
        Assert.Equal("s500", Assert.Single(await store.ListAsync("alice", 1, Ct)).Stage);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(501)]
    public async Task A_limit_outside_1_to_500_is_refused(int limit)
    {
        var store = await OpenStoreAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync(null, limit, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync("alice", limit, Ct));
    }

    [Fact]
    public async Task Count_is_per_user_or_overall()
    {
        var store = await OpenStoreAsync();
        Assert.Equal(0, await store.CountAsync(null, Ct));
        await store.AddAsync(NewDeadLetter("alice"), Ct);
        await store.AddAsync(NewDeadLetter("alice"), Ct);
        await store.AddAsync(NewDeadLetter("bob"), Ct);

        Assert.Equal(2, await store.CountAsync("alice", Ct));
        Assert.Equal(1, await store.CountAsync("bob", Ct));
        Assert.Equal(0, await store.CountAsync("carol", Ct));
        Assert.Equal(3, await store.CountAsync(null, Ct));
    }

    [Fact]
    public async Task Delete_for_user_removes_only_that_users_dead_letters()
    {
        var store = await OpenStoreAsync();
        await store.AddAsync(NewDeadLetter("alice", "a1"), Ct);
        await store.AddAsync(NewDeadLetter("bob", "b1"), Ct);
        await store.AddAsync(NewDeadLetter("alice", "a2"), Ct);

        Assert.Equal(2, await store.DeleteForUserAsync("alice", Ct));
        Assert.Equal(0, await store.DeleteForUserAsync("alice", Ct));

        Assert.Empty(await store.ListAsync("alice", 10, Ct));
        Assert.Equal(["b1"], (await store.ListAsync(null, 10, Ct)).Select(d => d.Stage));
    }

    [Fact]
    public async Task Dead_letters_survive_a_restart()
    {
        var store = await OpenStoreAsync();
        var deadLetter = NewDeadLetter("alice");
        await store.AddAsync(deadLetter, Ct);

        store = await RestartAsync();

        AssertSameDeadLetter(deadLetter, Assert.Single(await store.ListAsync(null, 10, Ct)));
    }

    protected static void AssertSameDeadLetter(DeadLetter expected, DeadLetter actual)
    {
        Assert.Equal(expected with { Id = actual.Id, FailedAt = Milliseconds(expected.FailedAt) }, actual);
        Assert.Equal(TimeSpan.Zero, actual.FailedAt.Offset);
    }
}
