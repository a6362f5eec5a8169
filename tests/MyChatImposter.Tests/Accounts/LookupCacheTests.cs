using Microsoft.Extensions.Time.Testing;
using MyChatImposter.Accounts;

namespace MyChatImposter.Tests.Accounts;

public sealed class LookupCacheTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Value(string Text);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
    private int _reads;

    private Func<CancellationToken, Task<Value?>> Reading(Value? value) => _ =>
    {
        _reads++;
        return Task.FromResult(value);
    };

    [Fact]
    public async Task A_value_read_once_is_used_until_it_is_a_minute_old()
    {
        var cache = new LookupCache<Value>(_time);
        await cache.GetOrReadAsync("k", Reading(new("first")), Ct);

        _time.Advance(LookupCache<Value>.MaxAge - TimeSpan.FromMilliseconds(1));
        var cached = await cache.GetOrReadAsync("k", Reading(new("second")), Ct);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var fresh = await cache.GetOrReadAsync("k", Reading(new("third")), Ct);

        Assert.Equal("first", cached?.Text);
        Assert.Equal("third", fresh?.Text);
        Assert.Equal(2, _reads);
    }

    [Fact]
    public async Task An_absent_record_is_looked_up_again_every_time()
    {
        var cache = new LookupCache<Value>(_time);

        Assert.Null(await cache.GetOrReadAsync("k", Reading(null), Ct));
        Assert.Equal("created", (await cache.GetOrReadAsync("k", Reading(new("created")), Ct))?.Text);
        Assert.Equal(2, _reads);
    }

    [Fact]
    public async Task Forget_makes_the_next_lookup_read_again()
    {
        var cache = new LookupCache<Value>(_time);
        await cache.GetOrReadAsync("a", Reading(new("a1")), Ct);
        await cache.GetOrReadAsync("b", Reading(new("b1")), Ct);

        cache.Forget("a");

        Assert.Equal("a2", (await cache.GetOrReadAsync("a", Reading(new("a2")), Ct))?.Text);
        Assert.Equal("b1", (await cache.GetOrReadAsync("b", Reading(new("b2")), Ct))?.Text);
        cache.ForgetAll();
        Assert.Equal("b3", (await cache.GetOrReadAsync("b", Reading(new("b3")), Ct))?.Text);
    }

    [Fact]
    public async Task A_read_that_raced_a_write_does_not_put_the_old_value_back()
    {
        var cache = new LookupCache<Value>(_time);
        var readStarted = new TaskCompletionSource();
        var oldRow = new TaskCompletionSource<Value?>();
        var racing = cache.GetOrReadAsync("k", _ =>
        {
            readStarted.SetResult();
            return oldRow.Task;
        }, Ct);
        await readStarted.Task;

        // The write lands and forgets while the read is still out; then the read returns what it saw before.
        cache.Forget("k");
        oldRow.SetResult(new("before the write"));
        Assert.Equal("before the write", (await racing)?.Text);

        Assert.Equal("after the write", (await cache.GetOrReadAsync("k", Reading(new("after the write")), Ct))?.Text);
    }

    [Fact]
    public async Task A_failed_write_still_forgets_because_it_may_have_reached_the_database()
    {
        var inner = new ThrowingOnUpdateAccountStore(new Account("ann", AccountRole.User, "hash", false, _time.GetUtcNow(), _time.GetUtcNow()));
        var store = new CachedAccountStore(inner, _time);
        Assert.False((await store.GetAsync("ann", Ct))!.Disabled);

        await Assert.ThrowsAsync<TimeoutException>(() =>
            store.UpdateAsync(inner.Current with { Disabled = true }, Ct));

        Assert.True((await store.GetAsync("ann", Ct))!.Disabled);
    }

    // The database took the write, then the call timed out: the caller saw an error, the row did change.
    private sealed class ThrowingOnUpdateAccountStore(Account account) : IAccountStore
    {
        public Account Current { get; private set; } = account;

        public Task<Account?> GetAsync(string userId, CancellationToken cancellationToken) => Task.FromResult<Account?>(Current);

        public Task<bool> UpdateAsync(Account account, CancellationToken cancellationToken)
        {
            Current = account;
            throw new TimeoutException("the answer was lost");
        }

        public Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> CreateAsync(Account account, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeleteAsync(string userId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> CountEnabledAdminsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
