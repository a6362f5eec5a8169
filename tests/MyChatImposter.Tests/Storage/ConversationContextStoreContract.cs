using MyChatImposter.AutoReply;

namespace MyChatImposter.Tests.Storage;

// What every IConversationContextStore must do, run once per backend by the classes deriving from this one.
public abstract class ConversationContextStoreContract(TestDatabase database) : StoreContract<IConversationContextStore>(database)
{
    private static readonly ContextEntry[] History =
    [
        new("Dana: are you coming tonight? 🎉 \"quoted\"\nsecond line", T0, FromBot: false),
        new("Bot: yes, at 8", T0.AddSeconds(5), FromBot: true),
    ];

    [Fact]
    public async Task A_saved_history_reads_back_in_order_with_every_field()
    {
        var store = await OpenStoreAsync();

        await store.SaveAsync("ann", "972501234567@s.whatsapp.net", History, Ct);

        Assert.Equal(History, await store.GetAsync("ann", "972501234567@s.whatsapp.net", Ct));
        Assert.All(await store.GetAsync("ann", "972501234567@s.whatsapp.net", Ct), entry => Assert.Equal(TimeSpan.Zero, entry.AddedAt.Offset));
        Assert.Empty(await store.GetAsync("ann", "someone-else", Ct));
        Assert.Empty(await store.GetAsync("bea", "972501234567@s.whatsapp.net", Ct));
    }

    [Fact]
    public async Task Saving_replaces_the_history_and_an_empty_one_removes_it()
    {
        var store = await OpenStoreAsync();
        await store.SaveAsync("ann", "dana", History, Ct);

        await store.SaveAsync("ann", "dana", History[1..], Ct);
        Assert.Equal(History[1..], await store.GetAsync("ann", "dana", Ct));

        await store.SaveAsync("ann", "dana", [], Ct);
        Assert.Empty(await store.GetAsync("ann", "dana", Ct));
        Assert.Empty(await store.GetAllAsync("ann", Ct));
    }

    [Fact]
    public async Task All_histories_of_a_user_come_by_key_in_ordinal_order()
    {
        var store = await OpenStoreAsync();
        await store.SaveAsync("ann", "dana", History[..1], Ct);
        await store.SaveAsync("ann", ConversationContext.SharedKey, History, Ct);
        await store.SaveAsync("ann", "Bob", History[1..], Ct);
        await store.SaveAsync("bea", "dana", History, Ct);

        var all = await store.GetAllAsync("ann", Ct);

        Assert.Equal(["Bob", ConversationContext.SharedKey, "dana"], all.Keys);
        Assert.Equal(History, all[ConversationContext.SharedKey]);
        Assert.Equal(History[..1], all["dana"]);
        Assert.Empty(await store.GetAllAsync("carol", Ct));
    }

    [Fact]
    public async Task Deleting_removes_every_history_of_that_user_only()
    {
        var store = await OpenStoreAsync();
        await store.SaveAsync("ann", "dana", History, Ct);
        await store.SaveAsync("ann", "bob", History, Ct);
        await store.SaveAsync("bea", "dana", History, Ct);

        Assert.Equal(2, await store.DeleteAsync("ann", Ct));
        Assert.Equal(0, await store.DeleteAsync("ann", Ct));

        Assert.Empty(await store.GetAllAsync("ann", Ct));
        Assert.Equal(History, await store.GetAsync("bea", "dana", Ct));
    }

    [Fact]
    public async Task Histories_survive_a_restart()
    {
        var store = await OpenStoreAsync();
        await store.SaveAsync("ann", "dana", History, Ct);

        store = await RestartAsync();

        Assert.Equal(History, await store.GetAsync("ann", "dana", Ct));
    }
}
