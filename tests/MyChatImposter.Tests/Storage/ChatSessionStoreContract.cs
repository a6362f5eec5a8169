using MyChatImposter.ChatProviders;

namespace MyChatImposter.Tests.Storage;

// What every IChatSessionStore must do, run once per backend by the classes deriving from this one.
public abstract class ChatSessionStoreContract(TestDatabase database) : StoreContract<IChatSessionStore>(database)
{
    [Fact]
    public async Task Save_then_list_keeps_every_field()
    {
        var store = await OpenStoreAsync();
        Assert.Empty(await store.ListAsync(Ct));
        var record = new ChatSessionRecord("alice", "whatsapp", new DateTimeOffset(2026, 2, 3, 4, 5, 6, 789, TimeSpan.FromHours(-7)));

        await store.SaveAsync(record, Ct);

        var read = Assert.Single(await store.ListAsync(Ct));
        Assert.Equal(record, read);
        Assert.Equal(TimeSpan.Zero, read.LinkedAt.Offset);
    }

    [Fact]
    public async Task Save_replaces_the_users_record()
    {
        var store = await OpenStoreAsync();
        await store.SaveAsync(new ChatSessionRecord("alice", "whatsapp", T0), Ct);
        await store.SaveAsync(new ChatSessionRecord("bob", "whatsapp", T0), Ct);

        await store.SaveAsync(new ChatSessionRecord("alice", "sandbox", T0.AddDays(1)), Ct);

        Assert.Equal(
            [new ChatSessionRecord("alice", "sandbox", T0.AddDays(1)), new ChatSessionRecord("bob", "whatsapp", T0)],
            await store.ListAsync(Ct));
    }

    [Fact]
    public async Task List_is_in_ordinal_user_id_order()
    {
        var store = await OpenStoreAsync();
        // Ordinal (UTF-16) order: U+FFFD sorts after the surrogates of U+1F600, unlike in UTF-8 byte order.
        string[] users = ["bob", "Bob", "é", "alice", "\uFFFDx", "\U0001F600x", "a-1"];
        foreach (var user in users)
        {
            await store.SaveAsync(new ChatSessionRecord(user, "whatsapp", T0), Ct);
        }

        Assert.Equal(users.Order(StringComparer.Ordinal), (await store.ListAsync(Ct)).Select(r => r.UserId));
    }

    [Fact]
    public async Task Delete_returns_true_then_false()
    {
        var store = await OpenStoreAsync();
        await store.SaveAsync(new ChatSessionRecord("alice", "whatsapp", T0), Ct);
        await store.SaveAsync(new ChatSessionRecord("bob", "whatsapp", T0), Ct);

        Assert.True(await store.DeleteAsync("alice", Ct));
        Assert.False(await store.DeleteAsync("alice", Ct));
        Assert.False(await store.DeleteAsync("carol", Ct));

        Assert.Equal(["bob"], (await store.ListAsync(Ct)).Select(r => r.UserId));
    }

    [Fact]
    public async Task Records_survive_a_restart()
    {
        var store = await OpenStoreAsync();
        var record = new ChatSessionRecord("alice", "whatsapp", T0);
        await store.SaveAsync(record, Ct);

        store = await RestartAsync();

        Assert.Equal([record], await store.ListAsync(Ct));
    }
}
