using MyChatImposter.Webhooks;

namespace MyChatImposter.Tests.Storage;

// What every IWebhookSubscriptionStore must do, run once per backend by the classes deriving from this one.
public abstract class WebhookSubscriptionStoreContract(TestDatabase database) : StoreContract<IWebhookSubscriptionStore>(database)
{
    protected static WebhookSubscription NewSubscription(string id = "w1", string userId = "alice", int minutes = 0) =>
        new(id, userId, "https://hooks.example.com/in?x=1&y=ü", [WebhookEventTypes.MessageReceived, WebhookEventTypes.ReplySent], true,
            "CfDJ8-protected", T0.AddMinutes(minutes));

    [Fact]
    public async Task Add_then_get_and_list_oldest_first_per_user()
    {
        var store = await OpenStoreAsync();
        await store.AddAsync(NewSubscription("w2", minutes: 5), Ct);
        await store.AddAsync(NewSubscription("w1"), Ct);
        await store.AddAsync(NewSubscription("w3", "carol"), Ct);

        Assert.Equal(NewSubscription("w1"), await store.GetAsync("alice", "w1", Ct));
        Assert.Null(await store.GetAsync("carol", "w1", Ct));
        Assert.Equal(["w1", "w2"], (await store.ListAsync("alice", Ct)).Select(subscription => subscription.Id));
        Assert.Equal(2, await store.CountForUserAsync("alice", Ct));
    }

    [Fact]
    public async Task Update_changes_url_events_enabled_and_secret_of_the_users_subscription_only()
    {
        var store = await OpenStoreAsync();
        await store.AddAsync(NewSubscription(), Ct);
        var changed = NewSubscription() with { Url = "http://other.example/", Events = [WebhookEventTypes.DigestSent], Enabled = false, StoredSecret = "new" };

        Assert.True(await store.UpdateAsync(changed, Ct));
        Assert.False(await store.UpdateAsync(changed with { UserId = "carol" }, Ct));
        Assert.False(await store.UpdateAsync(changed with { Id = "nope" }, Ct));

        Assert.Equal(changed, await store.GetAsync("alice", "w1", Ct));
    }

    [Fact]
    public async Task Delete_removes_one_and_delete_for_user_removes_the_rest()
    {
        var store = await OpenStoreAsync();
        await store.AddAsync(NewSubscription("w1"), Ct);
        await store.AddAsync(NewSubscription("w2"), Ct);
        await store.AddAsync(NewSubscription("w3", "carol"), Ct);

        Assert.False(await store.DeleteAsync("carol", "w1", Ct));
        Assert.True(await store.DeleteAsync("alice", "w1", Ct));
        Assert.False(await store.DeleteAsync("alice", "w1", Ct));
        Assert.Equal(1, await store.DeleteForUserAsync("alice", Ct));

        Assert.Empty(await store.ListAsync("alice", Ct));
        Assert.Single(await store.ListAsync("carol", Ct));
    }

    [Fact]
    public async Task Subscriptions_survive_a_restart()
    {
        var store = await OpenStoreAsync();
        await store.AddAsync(NewSubscription(), Ct);

        store = await RestartAsync();

        Assert.Equal(NewSubscription(), await store.GetAsync("alice", "w1", Ct));
    }
}
