using MyChatImposter.Accounts.Tokens;

namespace MyChatImposter.Tests.Storage;

// What every IApiTokenStore must do, run once per backend by the classes deriving from this one.
public abstract class ApiTokenStoreContract(TestDatabase database) : StoreContract<IApiTokenStore>(database)
{
    // A token of `userId` created `minutes` after T0; the hash is made from the id so each is distinct.
    protected static ApiToken NewToken(string id, string userId, string name, int minutes = 0) => new(
        id, userId, name, Hash: "hash-" + id, Prefix: "mci_" + id, CreatedAt: T0.AddMinutes(minutes), CreatedBy: userId,
        LastUsedAt: null, ExpiresAt: T0.AddDays(30), RevokedAt: null, RevokedBy: null);

    [Fact]
    public async Task Create_then_get_by_id_or_hash_keeps_every_field()
    {
        var store = await OpenStoreAsync();
        var full = NewToken("t1", "alice", "backup script") with
        {
            LastUsedAt = T0.AddMinutes(5), RevokedAt = T0.AddMinutes(9), RevokedBy = "admin",
        };
        var sparse = NewToken("t2", "alice", "n8n") with { ExpiresAt = null };

        Assert.True(await store.CreateAsync(full, Ct));
        Assert.True(await store.CreateAsync(sparse, Ct));

        Assert.Equal(full, await store.GetAsync("t1", Ct));
        Assert.Equal(sparse, await store.GetByHashAsync("hash-t2", Ct));
        Assert.Null(await store.GetAsync("missing", Ct));
        Assert.Null(await store.GetByHashAsync("hash-missing", Ct));
    }

    [Fact]
    public async Task A_name_is_unique_per_user_among_tokens_not_revoked()
    {
        var store = await OpenStoreAsync();
        Assert.True(await store.CreateAsync(NewToken("a1", "alice", "ci"), Ct));

        Assert.False(await store.CreateAsync(NewToken("a2", "alice", "ci"), Ct));
        Assert.True(await store.CreateAsync(NewToken("b1", "bob", "ci"), Ct));
        Assert.Null(await store.GetAsync("a2", Ct));

        Assert.True(await store.RevokeAsync("a1", T0.AddHours(1), "alice", Ct));
        Assert.True(await store.CreateAsync(NewToken("a3", "alice", "ci"), Ct));
    }

    [Fact]
    public async Task Revoke_marks_once_and_keeps_the_token()
    {
        var store = await OpenStoreAsync();
        var token = NewToken("r1", "carol", "home assistant");
        await store.CreateAsync(token, Ct);

        Assert.True(await store.RevokeAsync("r1", T0.AddHours(2), "admin", Ct));
        Assert.False(await store.RevokeAsync("r1", T0.AddHours(3), "carol", Ct));
        Assert.False(await store.RevokeAsync("missing", T0.AddHours(3), "carol", Ct));

        Assert.Equal(token with { RevokedAt = T0.AddHours(2), RevokedBy = "admin" }, await store.GetByHashAsync("hash-r1", Ct));
    }

    [Fact]
    public async Task Touch_changes_last_used_at_only()
    {
        var store = await OpenStoreAsync();
        var token = NewToken("u1", "dave", "curl");
        var other = NewToken("u2", "dave", "cron");
        await store.CreateAsync(token, Ct);
        await store.CreateAsync(other, Ct);

        await store.TouchAsync("hash-u1", T0.AddMinutes(42), Ct);
        await store.TouchAsync("hash-missing", T0.AddMinutes(42), Ct);

        Assert.Equal(token with { LastUsedAt = T0.AddMinutes(42) }, await store.GetByHashAsync("hash-u1", Ct));
        Assert.Equal(other, await store.GetAsync("u2", Ct));
        Assert.Null(await store.GetByHashAsync("hash-missing", Ct));
    }

    [Fact]
    public async Task List_is_newest_first_for_one_user_or_everyone()
    {
        var store = await OpenStoreAsync();
        await store.CreateAsync(NewToken("e2", "erin", "two", minutes: 20), Ct);
        await store.CreateAsync(NewToken("e1", "erin", "one", minutes: 10), Ct);
        await store.CreateAsync(NewToken("f1", "frank", "one", minutes: 15), Ct);
        await store.CreateAsync(NewToken("e3", "erin", "three", minutes: 30), Ct);
        await store.RevokeAsync("e3", T0.AddHours(1), "erin", Ct);

        Assert.Equal(["e3", "e2", "e1"], (await store.ListAsync("erin", Ct)).Select(token => token.Id));
        Assert.Equal(["e3", "e2", "f1", "e1"], (await store.ListAsync(null, Ct)).Select(token => token.Id));
        Assert.Empty(await store.ListAsync("nobody", Ct));
    }

    [Fact]
    public async Task Delete_for_user_removes_only_that_users_tokens()
    {
        var store = await OpenStoreAsync();
        await store.CreateAsync(NewToken("g1", "gina", "one"), Ct);
        await store.CreateAsync(NewToken("g2", "gina", "two"), Ct);
        await store.CreateAsync(NewToken("h1", "hank", "one"), Ct);

        Assert.Equal(2, await store.DeleteForUserAsync("gina", Ct));
        Assert.Equal(0, await store.DeleteForUserAsync("gina", Ct));

        Assert.Null(await store.GetByHashAsync("hash-g1", Ct));
        Assert.Empty(await store.ListAsync("gina", Ct));
        Assert.NotNull(await store.GetAsync("h1", Ct));
    }

    [Fact]
    public async Task Tokens_survive_a_restart()
    {
        var store = await OpenStoreAsync();
        var token = NewToken("s1", "ivy", "survivor");
        await store.CreateAsync(token, Ct);

        store = await RestartAsync();

        Assert.Equal(token, await store.GetByHashAsync("hash-s1", Ct));
    }
}
