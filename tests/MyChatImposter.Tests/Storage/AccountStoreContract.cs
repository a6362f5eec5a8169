using MyChatImposter.Accounts;

namespace MyChatImposter.Tests.Storage;

// What every IAccountStore must do, run once per backend by the classes deriving from this one.
public abstract class AccountStoreContract(TestDatabase database) : StoreContract<IAccountStore>(database)
{
    protected static Account NewAccount(
        string userId, AccountRole role = AccountRole.User, bool disabled = false, string? passwordHash = null) =>
        new(userId, role, passwordHash ?? $"$2a$12$hash-of-{userId}", disabled, T0, T0.AddMinutes(5));

    [Fact]
    public async Task Get_of_a_missing_account_returns_null()
    {
        var store = await OpenStoreAsync();

        Assert.Null(await store.GetAsync("nobody", Ct));
        Assert.Empty(await store.ListAsync(Ct));
        Assert.Equal(0, await store.CountEnabledAdminsAsync(Ct));
    }

    [Fact]
    public async Task Create_then_get_keeps_every_field()
    {
        var store = await OpenStoreAsync();
        // Times given in another offset and with sub-millisecond ticks come back as the same instant.
        var createdAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(2)).AddTicks(9);
        var account = new Account("alice", AccountRole.Admin, "$2a$12$abcdefghijklmnopqrstuv", true,
            createdAt, createdAt.AddDays(1));

        Assert.True(await store.CreateAsync(account, Ct));
        var read = await store.GetAsync("alice", Ct);

        Assert.NotNull(read);
        Assert.Equal(
            account with { CreatedAt = Milliseconds(account.CreatedAt), UpdatedAt = Milliseconds(account.UpdatedAt) },
            read with { CreatedAt = Milliseconds(read.CreatedAt), UpdatedAt = Milliseconds(read.UpdatedAt) });
        Assert.Equal(TimeSpan.Zero, read.CreatedAt.Offset);
    }

    [Fact]
    public async Task Creating_an_existing_user_id_returns_false_and_keeps_the_first()
    {
        var store = await OpenStoreAsync();
        var first = NewAccount("bob", AccountRole.Admin, passwordHash: "first");

        Assert.True(await store.CreateAsync(first, Ct));
        Assert.False(await store.CreateAsync(NewAccount("bob", AccountRole.User, disabled: true, passwordHash: "second"), Ct));

        Assert.Equal(first, await store.GetAsync("bob", Ct));
        Assert.Single(await store.ListAsync(Ct));
    }

    [Fact]
    public async Task Update_replaces_role_hash_disabled_and_updated_time_only()
    {
        var store = await OpenStoreAsync();
        var original = NewAccount("carol");
        await store.CreateAsync(original, Ct);
        var changed = new Account("carol", AccountRole.Admin, "new-hash", true,
            CreatedAt: T0.AddYears(1), UpdatedAt: T0.AddHours(3));

        Assert.True(await store.UpdateAsync(changed, Ct));

        Assert.Equal(changed with { CreatedAt = original.CreatedAt }, await store.GetAsync("carol", Ct));
    }

    [Fact]
    public async Task Update_of_a_missing_account_returns_false_and_creates_nothing()
    {
        var store = await OpenStoreAsync();

        Assert.False(await store.UpdateAsync(NewAccount("dave"), Ct));

        Assert.Null(await store.GetAsync("dave", Ct));
    }

    [Fact]
    public async Task Delete_returns_true_then_false()
    {
        var store = await OpenStoreAsync();
        await store.CreateAsync(NewAccount("erin"), Ct);
        await store.CreateAsync(NewAccount("frank"), Ct);

        Assert.True(await store.DeleteAsync("erin", Ct));
        Assert.False(await store.DeleteAsync("erin", Ct));
        Assert.False(await store.DeleteAsync("never-created", Ct));

        Assert.Null(await store.GetAsync("erin", Ct));
        Assert.Equal(["frank"], (await store.ListAsync(Ct)).Select(a => a.UserId));
        Assert.True(await store.CreateAsync(NewAccount("erin"), Ct));
    }

    [Fact]
    public async Task List_is_in_ordinal_order_of_user_id()
    {
        var store = await OpenStoreAsync();
        // U+10000 (a surrogate pair in UTF-16) sorts before U+FF61 ordinally, after it in UTF-8 byte order.
        string[] created = ["b", "a_2", "\uFF61", "é", "B", "\U00010000", "a", "Z9", "a-1"];
        foreach (var userId in created)
        {
            await store.CreateAsync(NewAccount(userId), Ct);
        }

        Assert.Equal(
            ["B", "Z9", "a", "a-1", "a_2", "b", "é", "\U00010000", "\uFF61"],
            (await store.ListAsync(Ct)).Select(a => a.UserId));
    }

    [Fact]
    public async Task Count_enabled_admins_counts_only_enabled_administrators()
    {
        var store = await OpenStoreAsync();
        await store.CreateAsync(NewAccount("admin-1", AccountRole.Admin), Ct);
        await store.CreateAsync(NewAccount("admin-2", AccountRole.Admin), Ct);
        await store.CreateAsync(NewAccount("admin-disabled", AccountRole.Admin, disabled: true), Ct);
        await store.CreateAsync(NewAccount("user-1"), Ct);
        await store.CreateAsync(NewAccount("user-disabled", disabled: true), Ct);

        Assert.Equal(2, await store.CountEnabledAdminsAsync(Ct));

        await store.UpdateAsync(NewAccount("admin-2", AccountRole.Admin, disabled: true), Ct);
        await store.UpdateAsync(NewAccount("user-1", AccountRole.Admin), Ct);
        await store.DeleteAsync("admin-1", Ct);

        Assert.Equal(1, await store.CountEnabledAdminsAsync(Ct));
    }

    [Fact]
    public async Task Concurrent_creates_of_one_user_id_let_exactly_one_win()
    {
        var store = await OpenStoreAsync();
        var attempts = Enumerable.Range(0, 20)
            .Select(i => NewAccount("contested", passwordHash: $"hash-{i:00}"))
            .ToList();

        var created = await Task.WhenAll(attempts.Select(a => Task.Run(() => store.CreateAsync(a, Ct), Ct)));

        Assert.Equal(1, created.Count(c => c));
        var winner = attempts[Array.IndexOf(created, true)];
        Assert.Equal(winner, await store.GetAsync("contested", Ct));
        Assert.Single(await store.ListAsync(Ct));
    }

    [Fact]
    public async Task Accounts_survive_a_restart()
    {
        var store = await OpenStoreAsync();
        await store.CreateAsync(NewAccount("grace", AccountRole.Admin), Ct);

        store = await RestartAsync();

        Assert.Equal(NewAccount("grace", AccountRole.Admin), await store.GetAsync("grace", Ct));
    }
}
