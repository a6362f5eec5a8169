using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.ChatProviders;
using MyChatImposter.Delivery;
using MyChatImposter.Storage;
using MyChatImposter.Tests.Pages.Bots;

namespace MyChatImposter.Tests.Delivery;

// Where a user's items are as their session comes and goes (spec/03 §3 as the issue changes it).
public sealed class DeliveryTransitionsTests
{
    private const string Ann = "ann";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Sends are an hour apart, so after the first send the others stay active while the test acts.
    private static readonly Dictionary<string, string> SlowPace = new()
    {
        ["Delivery:MinDelay"] = "01:00:00",
        ["Delivery:MaxDelay"] = "01:00:00",
    };

    private static async Task<(ImposterApp App, DeliverySender Sender)> SendingOneOfThreeAsync(string? dataDirectory = null)
    {
        var app = DeliveryTesting.App(SlowPace, dataDirectory);
        var sender = await app.ConnectAsync(Ann);
        foreach (var text in new[] { "m1", "m2", "m3" })
        {
            await app.EnqueueTextAsync(Ann, "alice", text);
        }
        await app.DriveAsync(sender, until: wait => wait.Activity == SenderActivity.Pausing);
        Assert.Equal(["m1"], app.SentTexts(Ann));
        Assert.Equal(2, (await app.ItemsAsync(Ann, DeliveryState.Active)).Count);
        return (app, sender);
    }

    private static async Task AssertHeldAsync(ImposterApp app, int count)
    {
        Assert.Empty(await app.ItemsAsync(Ann, DeliveryState.Active));
        Assert.Equal(count, (await app.ItemsAsync(Ann, DeliveryState.Holding)).Count);
        Assert.Null(app.Service<DeliveryQueue>().SenderOf(Ann));
        Assert.False(app.Service<DeliveryQueue>().IsSending(Ann));
    }

    [Fact]
    public async Task At_host_start_active_items_wait_in_holding_until_their_account_connects()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("imposter-delivery-").FullName;
        try
        {
            string id;
            await using (var before = DeliveryTesting.App(dataDirectory: dataDirectory))
            {
                await before.SaveBotAsync(Ann);
                // Left active by a process that died while connected.
                id = (await before.AddItemAsync(Ann, "alice", "left over")).Id;
            }

            await using var app = DeliveryTesting.App(dataDirectory: dataDirectory);
            await app.TransitionsDoneAsync();
            Assert.Equal(DeliveryState.Holding, (await app.ItemAsync(id)).State);

            var sender = await app.ConnectAsync(Ann);
            await app.DriveAsync(sender);

            Assert.Equal(["left over"], app.SentTexts(Ann));
            Assert.Equal(DeliveryState.Sent, (await app.ItemAsync(id)).State);
        }
        finally
        {
            DeliveryTesting.DeleteDirectory(dataDirectory);
        }
    }

    [Fact]
    public async Task Items_enqueued_while_the_account_is_not_connected_wait_in_holding_and_go_when_it_connects()
    {
        await using var app = DeliveryTesting.App();
        await app.SaveBotAsync(Ann);

        var id = await app.EnqueueTextAsync(Ann, "alice", "while offline");

        Assert.Equal(DeliveryState.Holding, (await app.ItemAsync(id)).State);
        var sender = await app.ConnectAsync(Ann);
        await app.DriveAsync(sender);
        Assert.Equal(["while offline"], app.SentTexts(Ann));
    }

    [Theory]
    [InlineData(ChatStatus.Disconnected)]
    [InlineData(ChatStatus.Error)]
    [InlineData(ChatStatus.Connecting)] // a WhatsApp drop: the socket reconnects
    public async Task A_report_other_than_connected_holds_the_items_and_connected_resumes_them(string status)
    {
        var (app, sender) = await SendingOneOfThreeAsync();
        await using var _ = app;

        sender.Session.StatusChanged(new ChatStatus(status));
        await app.TransitionsDoneAsync();

        await AssertHeldAsync(app, 2);
        Assert.Equal(SenderActivity.Stopped, sender.State.Activity);
        // Held, not failed: nothing was attempted while the account was away.
        Assert.All(await app.ItemsAsync(Ann, DeliveryState.Holding), item => Assert.Equal(0, item.Attempts));

        sender.Session.StatusChanged(new ChatStatus(ChatStatus.Connected));
        var resumed = await app.SenderAsync(Ann);
        Assert.NotSame(sender, resumed);
        await app.DriveAsync(resumed);
        Assert.Equal(["m1", "m2", "m3"], app.SentTexts(Ann));
    }

    [Fact]
    public async Task Unlink_holds_the_items()
    {
        var (app, _) = await SendingOneOfThreeAsync();
        await using var __ = app;

        Assert.Equal(SessionChange.Done, (await app.Service<ChatSessions>().UnlinkAsync(Ann, Ct)).Outcome);
        await app.TransitionsDoneAsync();

        await AssertHeldAsync(app, 2);
        var late = await app.EnqueueTextAsync(Ann, "alice", "after unlink");
        Assert.Equal(DeliveryState.Holding, (await app.ItemAsync(late)).State);
    }

    [Fact]
    public async Task Reload_holds_the_items_then_the_new_session_sends_them()
    {
        var (app, sender) = await SendingOneOfThreeAsync();
        await using var _ = app;

        Assert.Equal(SessionChange.Done, (await app.Service<ChatSessions>().ReloadAsync(Ann, Ct)).Outcome);
        var resumed = await app.SenderAsync(Ann);

        Assert.Equal(SenderActivity.Stopped, sender.State.Activity);
        Assert.NotSame(sender.Session, resumed.Session);
        await app.DriveAsync(resumed);
        Assert.Equal(["m1", "m2", "m3"], app.SentTexts(Ann));
    }

    [Fact]
    public async Task Deleting_the_user_erases_its_items_in_every_state_and_no_one_elses()
    {
        await using var app = DeliveryTesting.App(SlowPace);
        var admin = await app.AdminClientAsync();
        await app.SaveBotAsync("bob");
        var bobs = await app.EnqueueTextAsync("bob", "alice", "bob's");
        var (_, sender) = (app, await app.ConnectAsync(Ann));
        foreach (var text in new[] { "m1", "m2" })
        {
            await app.EnqueueTextAsync(Ann, "alice", text);
        }
        await app.DriveAsync(sender, until: wait => wait.Activity == SenderActivity.Pausing);

        var response = await admin.DeleteAsync($"/api/external/users/{Ann}", Ct);

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal("2", (string)body!["erased"]!["delivery_items"]!);
        foreach (var state in Enum.GetValues<DeliveryState>())
        {
            Assert.Empty(await app.ItemsAsync(Ann, state));
        }
        Assert.Equal(DeliveryState.Holding, (await app.ItemAsync(bobs)).State);
        Assert.Null(app.Service<DeliveryQueue>().SenderOf(Ann));
    }

    [Fact]
    public async Task Host_shutdown_stops_the_sender_and_holds_what_is_left()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("imposter-delivery-").FullName;
        try
        {
            var (app, sender) = await SendingOneOfThreeAsync(dataDirectory);
            var databasePath = app.DatabasePath;
            await app.DisposeAsync();

            Assert.Equal(SenderActivity.Stopped, sender.State.Activity);
            await using var services = Storage.StorageTestHost.Build(
                [new("Storage:Provider", "Sqlite"), new("Storage:Sqlite:Path", databasePath)]);
            await services.InitializeStorageAsync(Ct);
            var store = services.GetRequiredService<IDeliveryStore>();
            Assert.Equal(2, await store.CountAsync(Ann, DeliveryState.Holding, Ct));
            Assert.Equal(0, await store.CountAsync(Ann, DeliveryState.Active, Ct));
        }
        finally
        {
            DeliveryTesting.DeleteDirectory(dataDirectory);
        }
    }
}
