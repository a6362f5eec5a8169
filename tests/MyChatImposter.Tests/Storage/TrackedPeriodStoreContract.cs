using MyChatImposter.GroupTracking;

namespace MyChatImposter.Tests.Storage;

// What every ITrackedPeriodStore must do, run once per backend by the classes deriving from this one.
public abstract class TrackedPeriodStoreContract(TestDatabase database) : StoreContract<ITrackedPeriodStore>(database)
{
    protected const string Family = "120363041234567890@g.us";
    protected const string Work = "120363099999999999@g.us";

    // The period of the day ending T0 + days, as the runner would record it when it starts processing.
    protected static TrackedPeriod NewPeriod(
        string groupId = Family, int days = 0, string userId = "alice", PeriodStatus status = PeriodStatus.Processing,
        int messages = 0) => new(
        userId, groupId, "Family 👨‍👩‍👧", T0.AddDays(days - 1), T0.AddDays(days), status, messages, 0, 1, null,
        T0.AddDays(days).AddSeconds(5), T0.AddDays(days).AddSeconds(5));

    [Fact]
    public async Task Upsert_inserts_and_returns_the_period_with_an_id()
    {
        var store = await OpenStoreAsync();
        var period = NewPeriod() with { LastError = "boom \"quoted\"\nשלום", ItemCount = 3, MessageCount = 42, Attempts = 2 };

        var stored = await store.UpsertAsync(period, Ct);

        Assert.False(string.IsNullOrEmpty(stored.Id));
        Assert.Equal(period with { Id = stored.Id }, stored);
        Assert.Equal(stored, Assert.Single(await store.ListAsync("alice", null, 10, Ct)));
    }

    [Fact]
    public async Task Upsert_of_the_same_period_end_updates_it_keeping_id_and_created_at()
    {
        var store = await OpenStoreAsync();
        var first = await store.UpsertAsync(NewPeriod(), Ct);

        var update = NewPeriod() with
        {
            Status = PeriodStatus.Delivered, DisplayName = "Family (renamed)", MessageCount = 12, ItemCount = 2, Attempts = 2,
            LastError = null, PeriodStart = T0.AddDays(-3), CreatedAt = T0.AddDays(9), UpdatedAt = T0.AddMinutes(7),
        };
        var second = await store.UpsertAsync(update, Ct);

        Assert.Equal(update with { Id = first.Id, CreatedAt = first.CreatedAt }, second);
        Assert.Equal(second, Assert.Single(await store.ListAsync("alice", null, 10, Ct)));
        Assert.Equal(1, await store.CountAsync("alice", Ct));
    }

    [Fact]
    public async Task Concurrent_upserts_of_one_period_make_one_row()
    {
        var store = await OpenStoreAsync();

        var stored = await Task.WhenAll(Enumerable.Range(1, 8)
            .Select(attempt => Task.Run(() => store.UpsertAsync(NewPeriod() with { Attempts = attempt }, Ct), Ct)));

        Assert.Single(stored.Select(p => p.Id).Distinct());
        Assert.Equal(1, await store.CountAsync("alice", Ct));
    }

    [Fact]
    public async Task List_is_newest_period_end_first_for_one_group_or_all()
    {
        var store = await OpenStoreAsync();
        // Inserted out of order: the period's end decides, not insertion; between equal ends, the later inserted
        // comes first.
        await store.UpsertAsync(NewPeriod(Family, days: 2), Ct);
        await store.UpsertAsync(NewPeriod(Work, days: 1), Ct);
        await store.UpsertAsync(NewPeriod(Family, days: 3), Ct);
        await store.UpsertAsync(NewPeriod(Family, days: 1), Ct);
        await store.UpsertAsync(NewPeriod(Work, days: 4), Ct);
        await store.UpsertAsync(NewPeriod(Family, days: 5, userId: "bob"), Ct);

        var all = await store.ListAsync("alice", null, 10, Ct);
        Assert.Equal(
            [(Work, 4), (Family, 3), (Family, 2), (Family, 1), (Work, 1)],
            all.Select(p => (p.GroupId, (int)(p.PeriodEnd - T0).TotalDays)));
        Assert.Equal([3, 2, 1], (await store.ListAsync("alice", Family, 10, Ct)).Select(p => (int)(p.PeriodEnd - T0).TotalDays));
        Assert.Equal([4, 3], (await store.ListAsync("alice", null, 2, Ct)).Select(p => (int)(p.PeriodEnd - T0).TotalDays));
        Assert.Empty(await store.ListAsync("alice", "unknown@g.us", 10, Ct));
        Assert.Empty(await store.ListAsync("carol", null, 10, Ct));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public async Task A_limit_outside_1_to_1000_is_refused(int limit)
    {
        var store = await OpenStoreAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync("alice", null, limit, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync("alice", Family, limit, Ct));
    }

    [Fact]
    public async Task The_state_is_empty_until_advanced_then_moves_only_forward()
    {
        var store = await OpenStoreAsync();
        Assert.Null(await store.LastProcessedEndAsync("alice", Family, Ct));

        await store.AdvanceAsync("alice", Family, T0.AddDays(2), Ct);
        Assert.Equal(T0.AddDays(2), await store.LastProcessedEndAsync("alice", Family, Ct));

        await store.AdvanceAsync("alice", Family, T0.AddDays(1), Ct);
        await store.AdvanceAsync("alice", Family, T0.AddDays(2), Ct);
        Assert.Equal(T0.AddDays(2), await store.LastProcessedEndAsync("alice", Family, Ct));

        await store.AdvanceAsync("alice", Family, T0.AddDays(3), Ct);
        Assert.Equal(T0.AddDays(3), await store.LastProcessedEndAsync("alice", Family, Ct));
        Assert.Null(await store.LastProcessedEndAsync("alice", Work, Ct));
        Assert.Null(await store.LastProcessedEndAsync("bob", Family, Ct));
    }

    [Fact]
    public async Task Concurrent_advances_keep_the_latest_end()
    {
        var store = await OpenStoreAsync();
        var ends = Enumerable.Range(1, 40).Select(i => T0.AddMinutes(i)).Reverse().ToList();

        await Task.WhenAll(ends.Select(end => Task.Run(() => store.AdvanceAsync("alice", Family, end, Ct), Ct)));

        Assert.Equal(T0.AddMinutes(40), await store.LastProcessedEndAsync("alice", Family, Ct));
    }

    [Fact]
    public async Task Delete_of_one_group_removes_its_periods_and_state_only()
    {
        var store = await OpenStoreAsync();
        await store.UpsertAsync(NewPeriod(Family, days: 1), Ct);
        await store.UpsertAsync(NewPeriod(Family, days: 2), Ct);
        await store.UpsertAsync(NewPeriod(Work, days: 1), Ct);
        await store.UpsertAsync(NewPeriod(Family, days: 1, userId: "bob"), Ct);
        await store.AdvanceAsync("alice", Family, T0.AddDays(2), Ct);
        await store.AdvanceAsync("alice", Work, T0.AddDays(1), Ct);
        await store.AdvanceAsync("bob", Family, T0.AddDays(1), Ct);

        Assert.Equal(2, await store.DeleteAsync("alice", Family, Ct));
        Assert.Equal(0, await store.DeleteAsync("alice", Family, Ct));

        Assert.Equal([Work], (await store.ListAsync("alice", null, 10, Ct)).Select(p => p.GroupId));
        Assert.Null(await store.LastProcessedEndAsync("alice", Family, Ct));
        Assert.Equal(T0.AddDays(1), await store.LastProcessedEndAsync("alice", Work, Ct));
        Assert.Equal(T0.AddDays(1), await store.LastProcessedEndAsync("bob", Family, Ct));
        Assert.Equal(1, await store.CountAsync("bob", Ct));
    }

    [Fact]
    public async Task Delete_of_all_groups_removes_every_period_and_state_of_the_user_only()
    {
        var store = await OpenStoreAsync();
        await store.UpsertAsync(NewPeriod(Family, days: 1), Ct);
        await store.UpsertAsync(NewPeriod(Work, days: 1), Ct);
        await store.UpsertAsync(NewPeriod(Family, days: 1, userId: "bob"), Ct);
        await store.AdvanceAsync("alice", Family, T0.AddDays(1), Ct);
        await store.AdvanceAsync("alice", Work, T0.AddDays(1), Ct);
        await store.AdvanceAsync("bob", Family, T0.AddDays(1), Ct);

        Assert.Equal(2, await store.DeleteAsync("alice", null, Ct));

        Assert.Equal(0, await store.CountAsync("alice", Ct));
        Assert.Null(await store.LastProcessedEndAsync("alice", Family, Ct));
        Assert.Null(await store.LastProcessedEndAsync("alice", Work, Ct));
        Assert.Equal(1, await store.CountAsync("bob", Ct));
        Assert.Equal(T0.AddDays(1), await store.LastProcessedEndAsync("bob", Family, Ct));
        // A state without periods (advanced before any period was recorded) goes too.
        await store.AdvanceAsync("alice", Family, T0.AddDays(3), Ct);
        Assert.Equal(0, await store.DeleteAsync("alice", null, Ct));
        Assert.Null(await store.LastProcessedEndAsync("alice", Family, Ct));
    }

    [Fact]
    public async Task Users_are_isolated()
    {
        var store = await OpenStoreAsync();
        var alice = await store.UpsertAsync(NewPeriod(Family, days: 1, status: PeriodStatus.Delivered), Ct);
        var bob = await store.UpsertAsync(NewPeriod(Family, days: 1, userId: "bob", status: PeriodStatus.Failed), Ct);
        await store.AdvanceAsync("alice", Family, T0.AddDays(1), Ct);

        Assert.NotEqual(alice.Id, bob.Id);
        Assert.Equal([PeriodStatus.Delivered], (await store.ListAsync("alice", Family, 10, Ct)).Select(p => p.Status));
        Assert.Equal([PeriodStatus.Failed], (await store.ListAsync("bob", Family, 10, Ct)).Select(p => p.Status));
        Assert.Equal(1, await store.CountAsync("alice", Ct));
        Assert.Equal(0, await store.CountAsync("ALICE", Ct));
        Assert.Null(await store.LastProcessedEndAsync("bob", Family, Ct));
    }

    [Theory]
    [InlineData("120363@g.us")]
    [InlineData("it's \"quoted\"; DROP TABLE x; --")]
    [InlineData("$where.{a:1}")]
    [InlineData("קבוצה 👨‍👩‍👧 / \\ % _")]
    public async Task Group_ids_with_unusual_characters_are_kept_exactly(string groupId)
    {
        var store = await OpenStoreAsync();
        await store.UpsertAsync(NewPeriod(groupId, days: 1), Ct);
        await store.UpsertAsync(NewPeriod("other@g.us", days: 1), Ct);
        await store.AdvanceAsync("alice", groupId, T0.AddDays(1), Ct);

        Assert.Equal(groupId, Assert.Single(await store.ListAsync("alice", groupId, 10, Ct)).GroupId);
        Assert.Equal(T0.AddDays(1), await store.LastProcessedEndAsync("alice", groupId, Ct));
        Assert.Equal(1, await store.DeleteAsync("alice", groupId, Ct));
        Assert.Equal(["other@g.us"], (await store.ListAsync("alice", null, 10, Ct)).Select(p => p.GroupId));
    }

    [Fact]
    public async Task Every_status_round_trips()
    {
        var store = await OpenStoreAsync();
        var statuses = Enum.GetValues<PeriodStatus>();
        for (var i = 0; i < statuses.Length; i++)
        {
            await store.UpsertAsync(NewPeriod(days: i, status: statuses[i]), Ct);
        }

        Assert.Equal(statuses.Reverse(), (await store.ListAsync("alice", null, 10, Ct)).Select(p => p.Status));
    }

    [Fact]
    public async Task Periods_and_state_survive_a_restart()
    {
        var store = await OpenStoreAsync();
        var stored = await store.UpsertAsync(NewPeriod(status: PeriodStatus.Empty), Ct);
        await store.AdvanceAsync("alice", Family, T0, Ct);

        store = await RestartAsync();

        Assert.Equal(stored, Assert.Single(await store.ListAsync("alice", null, 10, Ct)));
        Assert.Equal(T0, await store.LastProcessedEndAsync("alice", Family, Ct));
    }
}
