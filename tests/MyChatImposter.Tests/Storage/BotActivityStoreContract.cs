using MyChatImposter.Activity;

namespace MyChatImposter.Tests.Storage;

// What every IBotActivityStore must do, run once per backend by the classes deriving from this one.
public abstract class BotActivityStoreContract(TestDatabase database) : StoreContract<IBotActivityStore>(database)
{
    protected static readonly DateTimeOffset Hour0 = BotActivityHour.HourOf(T0);

    protected static BotActivityHour At(int hours, ActivityCounts counts, string userId = "alice") => new(userId, Hour0.AddHours(hours), counts);

    protected static ActivityCounts Busy(long received = 3, long queuePeak = 2, TimeSpan? latency = null) => new()
    {
        Received = received,
        Sent = 2,
        DeliveryFailures = 1,
        LlmCalls = 1,
        LlmErrors = 1,
        LlmLatencyMsTotal = (long)(latency ?? TimeSpan.FromMilliseconds(700)).TotalMilliseconds,
        LlmLatency = LatencyHistogram.One(latency ?? TimeSpan.FromMilliseconds(700)),
        QueuePeak = queuePeak,
        FailedPeak = 1,
    };

    [Fact]
    public async Task An_hour_added_reads_back_with_every_counter()
    {
        var store = await OpenStoreAsync();

        await store.AddAsync([At(0, Busy())], Ct);

        var hour = Assert.Single(await store.ListAsync("alice", Hour0, Hour0.AddHours(1), Ct));
        Assert.Equal(At(0, Busy()), hour);
    }

    [Fact]
    public async Task Adding_to_an_hour_sums_the_counters_and_keeps_the_higher_queue_peaks()
    {
        var store = await OpenStoreAsync();
        await store.AddAsync([At(0, Busy(received: 3, queuePeak: 5))], Ct);

        await store.AddAsync([At(0, Busy(received: 4, queuePeak: 2, latency: TimeSpan.FromSeconds(12)))], Ct);
        var hour = Assert.Single(await store.ListAsync("alice", Hour0, Hour0.AddHours(1), Ct)).Counts;

        Assert.Equal((7, 4, 2, 2, 2, 12_700), (hour.Received, hour.Sent, hour.DeliveryFailures, hour.LlmCalls, hour.LlmErrors, hour.LlmLatencyMsTotal));
        Assert.Equal([0, 0, 1, 0, 0, 0, 1, 0], hour.LlmLatency.Counts);
        Assert.Equal((5, 1), (hour.QueuePeak, hour.FailedPeak));
    }

    [Fact]
    public async Task A_batch_adds_several_bots_and_hours_at_once()
    {
        var store = await OpenStoreAsync();

        await store.AddAsync([At(0, Busy(received: 1)), At(1, Busy(received: 2)), At(0, Busy(received: 9), "carol")], Ct);

        Assert.Equal([1, 2], (await store.ListAsync("alice", Hour0, Hour0.AddDays(1), Ct)).Select(hour => hour.Counts.Received));
        Assert.Equal([9], (await store.ListAsync("carol", Hour0, Hour0.AddDays(1), Ct)).Select(hour => hour.Counts.Received));
        await store.AddAsync([], Ct);
        Assert.Equal(2, await store.CountForUserAsync("alice", Ct));
    }

    [Fact]
    public async Task List_is_one_bots_hours_from_inclusive_to_exclusive_oldest_first()
    {
        var store = await OpenStoreAsync();
        await store.AddAsync([At(3, Busy(received: 3)), At(1, Busy(received: 1)), At(2, Busy(received: 2)), At(5, Busy(received: 5)),
            At(2, Busy(received: 20), "carol")], Ct);

        var hours = await store.ListAsync("alice", Hour0.AddHours(1), Hour0.AddHours(5), Ct);

        Assert.Equal([Hour0.AddHours(1), Hour0.AddHours(2), Hour0.AddHours(3)], hours.Select(hour => hour.Hour));
        Assert.Equal([1, 2, 3], hours.Select(hour => hour.Counts.Received));
        Assert.Empty(await store.ListAsync("nobody", Hour0, Hour0.AddDays(1), Ct));
    }

    [Fact]
    public async Task Retention_removes_every_bots_hours_before_the_cut_only()
    {
        var store = await OpenStoreAsync();
        await store.AddAsync([At(0, Busy()), At(1, Busy()), At(2, Busy()), At(0, Busy(), "carol"), At(5, Busy(), "carol")], Ct);

        Assert.Equal(3, await store.DeleteOlderThanAsync(Hour0.AddHours(2), Ct));

        Assert.Equal([Hour0.AddHours(2)], (await store.ListAsync("alice", Hour0, Hour0.AddDays(1), Ct)).Select(hour => hour.Hour));
        Assert.Equal([Hour0.AddHours(5)], (await store.ListAsync("carol", Hour0, Hour0.AddDays(1), Ct)).Select(hour => hour.Hour));
    }

    [Fact]
    public async Task Deleting_a_bots_hours_leaves_the_others()
    {
        var store = await OpenStoreAsync();
        await store.AddAsync([At(0, Busy()), At(1, Busy()), At(0, Busy(), "carol")], Ct);

        Assert.Equal(2, await store.CountForUserAsync("alice", Ct));
        Assert.Equal(2, await store.DeleteForUserAsync("alice", Ct));

        Assert.Equal(0, await store.CountForUserAsync("alice", Ct));
        Assert.Equal(1, await store.CountForUserAsync("carol", Ct));
    }

    [Fact]
    public async Task Hours_survive_a_restart()
    {
        var store = await OpenStoreAsync();
        await store.AddAsync([At(0, Busy())], Ct);

        store = await RestartAsync();

        Assert.Equal(At(0, Busy()), Assert.Single(await store.ListAsync("alice", Hour0, Hour0.AddHours(1), Ct)));
    }
}
