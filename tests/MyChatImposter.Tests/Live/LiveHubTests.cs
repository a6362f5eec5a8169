using MyChatImposter.Live;

namespace MyChatImposter.Tests.Live;

// The hub on its own: a page that does not read never holds up a publisher nor grows, it learns that it
// missed events, and a page that closes is forgotten.
public sealed class LiveHubTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DeliveryChanged Change(string userId, int number) => new(userId, $"item-{number}", null);

    [Fact]
    public async Task A_subscriber_that_does_not_read_keeps_only_the_newest_events_and_is_told_it_missed_some()
    {
        var hub = new LiveHub();
        using var slow = hub.Subscribe("ann");

        // Publishing is synchronous: it returns without anyone reading.
        for (var number = 1; number <= 1000; number++)
        {
            hub.Publish(Change("ann", number));
        }

        Assert.Equal(LiveHub.Capacity, slow.Events.Count);
        Assert.True(slow.TakeMissed());
        Assert.False(slow.TakeMissed());
        var kept = new List<string?>();
        while (slow.Events.TryRead(out var change))
        {
            kept.Add(((DeliveryChanged)change).ItemId);
        }
        Assert.Equal(Enumerable.Range(1000 - LiveHub.Capacity + 1, LiveHub.Capacity).Select(number => $"item-{number}"), kept);
        hub.Publish(Change("ann", 1001));
        Assert.Equal("item-1001", ((DeliveryChanged)await slow.Events.ReadAsync(Ct)).ItemId);
        Assert.False(slow.TakeMissed());
    }

    [Fact]
    public void A_subscriber_to_one_bot_gets_only_its_events_and_one_to_every_bot_gets_all()
    {
        var hub = new LiveHub();
        using var ann = hub.Subscribe("ann");
        using var every = hub.Subscribe(null);

        hub.Publish(Change("bob", 1));
        hub.Publish(Change("ann", 2));

        Assert.True(ann.Events.TryRead(out var annChange));
        Assert.Equal("item-2", ((DeliveryChanged)annChange).ItemId);
        Assert.False(ann.Events.TryRead(out _));
        Assert.Equal(2, every.Events.Count);
    }

    [Fact]
    public async Task Disposing_a_subscription_removes_it_and_completes_its_events()
    {
        var hub = new LiveHub();
        var ended = new List<string?>();
        hub.Unsubscribed += subscription => ended.Add(subscription.UserId);
        var subscription = hub.Subscribe("ann");
        using var other = hub.Subscribe("bob");

        subscription.Dispose();
        subscription.Dispose();
        hub.Publish(Change("ann", 1));

        Assert.Equal(1, hub.SubscriberCount);
        Assert.Equal(["ann"], ended);
        Assert.False(await subscription.Events.WaitToReadAsync(Ct));
    }
}
