using MyChatImposter.Accounts;

namespace MyChatImposter.Tests.Storage;

// What every ILoginSessionStore must do, run once per backend by the classes deriving from this one.
public abstract class LoginSessionStoreContract(TestDatabase database) : StoreContract<ILoginSessionStore>(database)
{
    // A session created `minutes` after T0, seen at creation, lasting 24 h.
    protected static LoginSession NewSession(string idHash, string userId, int minutes = 0) => new(
        idHash,
        userId,
        CreatedAt: T0.AddMinutes(minutes),
        LastSeenAt: T0.AddMinutes(minutes),
        ExpiresAt: T0.AddMinutes(minutes).AddHours(24),
        ClientIp: "203.0.113.7",
        UserAgent: "Mozilla/5.0 (X11; Linux x86_64)");

    [Fact]
    public async Task Create_then_get_keeps_every_field()
    {
        var store = await OpenStoreAsync();
        var full = NewSession("aa01", "alice");
        var sparse = NewSession("aa02", "alice") with { ClientIp = null, UserAgent = null };

        await store.CreateAsync(full, Ct);
        await store.CreateAsync(sparse, Ct);

        Assert.Equal(full, await store.GetAsync("aa01", Ct));
        Assert.Equal(sparse, await store.GetAsync("aa02", Ct));
        Assert.Null(await store.GetAsync("ffff", Ct));
    }

    [Fact]
    public async Task Touch_changes_last_seen_at_only()
    {
        var store = await OpenStoreAsync();
        var session = NewSession("bb01", "bob");
        var other = NewSession("bb02", "bob");
        await store.CreateAsync(session, Ct);
        await store.CreateAsync(other, Ct);

        await store.TouchAsync("bb01", T0.AddMinutes(42), Ct);
        // A missing session is not created by a touch.
        await store.TouchAsync("bb99", T0.AddMinutes(42), Ct);

        Assert.Equal(session with { LastSeenAt = T0.AddMinutes(42) }, await store.GetAsync("bb01", Ct));
        Assert.Equal(other, await store.GetAsync("bb02", Ct));
        Assert.Null(await store.GetAsync("bb99", Ct));
    }

    [Fact]
    public async Task List_for_user_is_newest_first_and_only_that_users()
    {
        var store = await OpenStoreAsync();
        await store.CreateAsync(NewSession("cc02", "carol", minutes: 20), Ct);
        await store.CreateAsync(NewSession("cc01", "carol", minutes: 10), Ct);
        await store.CreateAsync(NewSession("dd01", "dave", minutes: 15), Ct);
        await store.CreateAsync(NewSession("cc03", "carol", minutes: 30), Ct);

        var carols = await store.ListForUserAsync("carol", Ct);

        Assert.Equal(["cc03", "cc02", "cc01"], carols.Select(s => s.IdHash));
        Assert.Equal(NewSession("cc02", "carol", minutes: 20), carols[1]);
        Assert.Empty(await store.ListForUserAsync("nobody", Ct));
    }

    [Fact]
    public async Task Delete_returns_true_then_false()
    {
        var store = await OpenStoreAsync();
        await store.CreateAsync(NewSession("ee01", "erin"), Ct);
        await store.CreateAsync(NewSession("ee02", "erin"), Ct);

        Assert.True(await store.DeleteAsync("ee01", Ct));
        Assert.False(await store.DeleteAsync("ee01", Ct));

        Assert.Null(await store.GetAsync("ee01", Ct));
        Assert.NotNull(await store.GetAsync("ee02", Ct));
    }

    [Fact]
    public async Task Delete_for_user_ends_all_but_the_session_kept()
    {
        var store = await OpenStoreAsync();
        await store.CreateAsync(NewSession("ff01", "frank", minutes: 1), Ct);
        await store.CreateAsync(NewSession("ff02", "frank", minutes: 2), Ct);
        await store.CreateAsync(NewSession("ff03", "frank", minutes: 3), Ct);
        await store.CreateAsync(NewSession("gg01", "grace"), Ct);

        Assert.Equal(2, await store.DeleteForUserAsync("frank", exceptIdHash: "ff02", Ct));

        Assert.Equal(["ff02"], (await store.ListForUserAsync("frank", Ct)).Select(s => s.IdHash));
        Assert.NotNull(await store.GetAsync("gg01", Ct));
    }

    [Fact]
    public async Task Delete_for_user_without_an_exception_ends_them_all()
    {
        var store = await OpenStoreAsync();
        await store.CreateAsync(NewSession("hh01", "heidi"), Ct);
        await store.CreateAsync(NewSession("hh02", "heidi"), Ct);
        await store.CreateAsync(NewSession("ii01", "ivan"), Ct);

        Assert.Equal(2, await store.DeleteForUserAsync("heidi", exceptIdHash: null, Ct));
        Assert.Equal(0, await store.DeleteForUserAsync("heidi", exceptIdHash: null, Ct));

        Assert.Empty(await store.ListForUserAsync("heidi", Ct));
        Assert.Single(await store.ListForUserAsync("ivan", Ct));
    }

    [Fact]
    public async Task Delete_expired_removes_sessions_past_their_expiry_or_idle_since_the_cutoff()
    {
        var store = await OpenStoreAsync();
        var now = T0.AddDays(2);
        var idleCutoff = now.AddMinutes(-30);
        var fresh = new LoginSession("k1", "judy", now.AddHours(-1), now, now.AddHours(1), null, null);
        LoginSession[] sessions =
        [
            fresh,
            fresh with { IdHash = "expires-now", ExpiresAt = now },
            fresh with { IdHash = "expired", ExpiresAt = now.AddHours(-1) },
            fresh with { IdHash = "expires-in-1ms", ExpiresAt = now.AddMilliseconds(1) },
            fresh with { IdHash = "idle-since-cutoff", LastSeenAt = idleCutoff },
            fresh with { IdHash = "idle-longer", LastSeenAt = idleCutoff.AddHours(-2) },
            fresh with { IdHash = "seen-1ms-after-cutoff", LastSeenAt = idleCutoff.AddMilliseconds(1) },
        ];
        foreach (var session in sessions)
        {
            await store.CreateAsync(session, Ct);
        }

        Assert.Equal(4, await store.DeleteExpiredAsync(now, idleCutoff, Ct));

        Assert.Equal(
            ["expires-in-1ms", "k1", "seen-1ms-after-cutoff"],
            (await store.ListForUserAsync("judy", Ct)).Select(s => s.IdHash).Order(StringComparer.Ordinal));
        Assert.Equal(0, await store.DeleteExpiredAsync(now, idleCutoff, Ct));
    }

    [Fact]
    public async Task Sessions_survive_a_restart()
    {
        var store = await OpenStoreAsync();
        await store.CreateAsync(NewSession("kk01", "ken"), Ct);

        store = await RestartAsync();

        Assert.Equal(NewSession("kk01", "ken"), await store.GetAsync("kk01", Ct));
    }
}
