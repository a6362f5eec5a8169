using MyChatImposter.Accounts;

namespace MyChatImposter.Tests.Storage;

// What every ILoginThrottleStore must do, run once per backend by the classes deriving from this one.
public abstract class LoginThrottleStoreContract(TestDatabase database) : StoreContract<ILoginThrottleStore>(database)
{
    protected static LoginThrottleRecord NewRecord(
        string userId, string? clientIp, int failures = 1, DateTimeOffset? lockedUntil = null) => new(
        Key: $"{userId}|{clientIp}",
        UserId: userId,
        ClientIp: clientIp,
        Failures: failures,
        FirstFailureAt: T0,
        LockedUntil: lockedUntil,
        ExpiresAt: lockedUntil ?? T0.AddMinutes(10));

    [Fact]
    public async Task Save_then_get_keeps_every_field()
    {
        var store = await OpenStoreAsync();
        var locked = NewRecord("alice", "203.0.113.7", failures: 10, lockedUntil: T0.AddMinutes(15));
        var counting = NewRecord("alice", null, failures: 3);

        await store.SaveAsync(locked, Ct);
        await store.SaveAsync(counting, Ct);

        Assert.Equal(locked, await store.GetAsync(locked.Key, Ct));
        Assert.Equal(counting, await store.GetAsync(counting.Key, Ct));
        Assert.Null(await store.GetAsync("nobody|198.51.100.1", Ct));
    }

    [Fact]
    public async Task Save_overwrites_the_record_of_the_same_key()
    {
        var store = await OpenStoreAsync();
        var first = NewRecord("bob", "198.51.100.1", failures: 9, lockedUntil: T0.AddMinutes(5));
        await store.SaveAsync(first, Ct);
        var second = first with
        {
            ClientIp = "198.51.100.2",
            Failures = 1,
            FirstFailureAt = T0.AddHours(1),
            LockedUntil = null,
            ExpiresAt = T0.AddHours(2),
        };

        await store.SaveAsync(second, Ct);

        Assert.Equal(second, await store.GetAsync(first.Key, Ct));
    }

    [Fact]
    public async Task Delete_returns_true_then_false()
    {
        var store = await OpenStoreAsync();
        var record = NewRecord("carol", "192.0.2.1");
        await store.SaveAsync(record, Ct);

        Assert.True(await store.DeleteAsync(record.Key, Ct));
        Assert.False(await store.DeleteAsync(record.Key, Ct));
        Assert.Null(await store.GetAsync(record.Key, Ct));
    }

    [Fact]
    public async Task Delete_for_user_removes_every_record_of_that_account_only()
    {
        var store = await OpenStoreAsync();
        await store.SaveAsync(NewRecord("dave", "192.0.2.1", lockedUntil: T0.AddMinutes(5)), Ct);
        await store.SaveAsync(NewRecord("dave", "192.0.2.2"), Ct);
        await store.SaveAsync(NewRecord("dave", null), Ct);
        var other = NewRecord("dave2", "192.0.2.1");
        await store.SaveAsync(other, Ct);

        Assert.Equal(3, await store.DeleteForUserAsync("dave", Ct));
        Assert.Equal(0, await store.DeleteForUserAsync("dave", Ct));

        Assert.Null(await store.GetAsync("dave|192.0.2.1", Ct));
        Assert.Equal(other, await store.GetAsync(other.Key, Ct));
    }

    [Fact]
    public async Task List_locked_returns_only_locks_still_in_force()
    {
        var store = await OpenStoreAsync();
        var now = T0.AddMinutes(30);
        var lockedB = NewRecord("bob", "192.0.2.9", failures: 10, lockedUntil: now.AddMinutes(5));
        var lockedA2 = NewRecord("alice", "192.0.2.2", failures: 10, lockedUntil: now.AddMilliseconds(1));
        var lockedA1 = NewRecord("alice", "192.0.2.1", failures: 12, lockedUntil: now.AddHours(1));
        await store.SaveAsync(lockedB, Ct);
        await store.SaveAsync(lockedA2, Ct);
        await store.SaveAsync(lockedA1, Ct);
        await store.SaveAsync(NewRecord("carol", "192.0.2.3", failures: 10, lockedUntil: now), Ct);
        await store.SaveAsync(NewRecord("dave", "192.0.2.4", failures: 10, lockedUntil: now.AddMinutes(-1)), Ct);
        await store.SaveAsync(NewRecord("erin", "192.0.2.5", failures: 4), Ct);

        var locked = await store.ListLockedAsync(now, Ct);

        // By user id, then key.
        Assert.Equal([lockedA1, lockedA2, lockedB], locked);
    }

    [Fact]
    public async Task Delete_expired_removes_records_expired_at_or_before_now()
    {
        var store = await OpenStoreAsync();
        var now = T0.AddHours(1);
        var kept = NewRecord("frank", "192.0.2.1") with { ExpiresAt = now.AddMilliseconds(1) };
        await store.SaveAsync(kept, Ct);
        await store.SaveAsync(NewRecord("frank", "192.0.2.2") with { ExpiresAt = now }, Ct);
        await store.SaveAsync(NewRecord("grace", null) with { ExpiresAt = now.AddDays(-1) }, Ct);

        Assert.Equal(2, await store.DeleteExpiredAsync(now, Ct));

        Assert.Equal(kept, await store.GetAsync(kept.Key, Ct));
        Assert.Null(await store.GetAsync("frank|192.0.2.2", Ct));
        Assert.Null(await store.GetAsync("grace|", Ct));
    }
}
