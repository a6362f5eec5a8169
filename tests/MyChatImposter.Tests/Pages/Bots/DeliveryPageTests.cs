using System.Net;
using MyChatImposter.Delivery;
using MyChatImposter.Tests.Delivery;

namespace MyChatImposter.Tests.Pages.Bots;

// /bots/{user_id}/delivery: the three states with delete and retry, for the owner or an admin.
public sealed class DeliveryPageTests : IAsyncLifetime
{
    private const string Ann = "ann";
    private const string DeliveryPage = "/bots/ann/delivery";
    private readonly ImposterApp _app = DeliveryTesting.App();
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        await _app.SaveBotAsync(Ann);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task The_bot_page_links_to_its_queue_which_lists_each_state()
    {
        var held = await _app.EnqueueTextAsync(Ann, "alice", "waiting for the connection");
        var failed = await _app.FailedItemAsync(Ann, "could not go");

        var details = await HtmlPage.GetAsync(_admin, "/bots/ann");
        var html = await HtmlPage.GetAsync(_admin, DeliveryPage);

        Assert.Contains($"href=\"{DeliveryPage}\"", details);
        Assert.Contains("Not sending: the bot is not connected", html);
        Assert.Contains("<span id=\"active-count\">0</span>", html);
        Assert.Contains("<span id=\"holding-count\">1</span>", html);
        Assert.Contains("<span id=\"failed-count\">1</span>", html);
        var holding = html[html.IndexOf("<section id=\"holding\">", StringComparison.Ordinal)..html.IndexOf("<section id=\"failed\">", StringComparison.Ordinal)];
        Assert.Contains($"id=\"item-{held}\"", holding);
        Assert.Contains("waiting for the connection", holding);
        Assert.Contains($"id=\"delete-{held}\"", holding);
        Assert.DoesNotContain($"id=\"retry-{held}\"", holding);
        var failedSection = html[html.IndexOf("<section id=\"failed\">", StringComparison.Ordinal)..];
        Assert.Contains("IOException: refused", failedSection);
        Assert.Contains($"id=\"retry-{failed}\"", failedSection);
        Assert.Contains("id=\"retry-all\"", failedSection);
    }

    [Fact]
    public async Task A_connected_bot_shows_what_its_sender_does()
    {
        var sender = await _app.ConnectAsync(Ann);
        await _app.DriveAsync(sender);

        var html = await HtmlPage.GetAsync(_admin, DeliveryPage);

        Assert.Contains("Connected; nothing waits to be sent.", html);
    }

    [Fact]
    public async Task Retry_and_delete_act_on_the_item_and_say_so()
    {
        var failed = await _app.FailedItemAsync(Ann, "again please");
        var held = await _app.EnqueueTextAsync(Ann, "alice", "never mind");

        var retry = await HtmlForm.GetAsync(_admin, DeliveryPage, $"retry-{failed}");
        var afterRetry = await (await retry.PostAsync(_admin)).FollowRedirectAsync(_admin, DeliveryPage);
        var delete = HtmlForm.Find(afterRetry, $"delete-{held}", DeliveryPage);
        var afterDelete = await (await delete.PostAsync(_admin)).FollowRedirectAsync(_admin, DeliveryPage);

        Assert.Equal("The message to alice is queued again; it waits in holding until the bot is connected.", HtmlPage.Message(afterRetry));
        Assert.Equal((DeliveryState.Holding, 0), ((await _app.ItemAsync(failed)).State, (await _app.ItemAsync(failed)).Attempts));
        Assert.Equal("Deleted the message to alice from the holding queue.", HtmlPage.Message(afterDelete));
        Assert.Null(await _app.Service<IDeliveryStore>().GetAsync(held, Ct));
        Assert.Contains("<span id=\"holding-count\">1</span>", afterDelete);
    }

    [Fact]
    public async Task Retry_all_queues_every_failed_item_again()
    {
        await _app.FailedItemAsync(Ann, "one");
        await _app.FailedItemAsync(Ann, "two");

        var form = await HtmlForm.GetAsync(_admin, DeliveryPage, "retry-all");
        var page = await (await form.PostAsync(_admin)).FollowRedirectAsync(_admin, DeliveryPage);

        Assert.Equal("2 failed message(s) queued again; it waits in holding until the bot is connected.", HtmlPage.Message(page));
        Assert.Contains("<span id=\"failed-count\">0</span>", page);
        Assert.Equal(2, (await _app.ItemsAsync(Ann, DeliveryState.Holding)).Count);
    }

    [Fact]
    public async Task A_user_sees_only_their_own_queue_and_cannot_act_on_another_users_item_through_it()
    {
        await _app.SaveBotAsync(BotPages.Bob);
        var bob = await _app.BobClientAsync();
        var annsFailed = await _app.FailedItemAsync(Ann, "ann's");
        var bobsPage = $"/bots/{BotPages.Bob}/delivery";

        BotPages.AssertAccessDenied(await bob.GetAsync(DeliveryPage, Ct));
        // Bob's own page, with Ann's item id put into its form.
        var bobsFailed = await _app.FailedItemAsync(BotPages.Bob, "bob's");
        var retry = await HtmlForm.GetAsync(bob, bobsPage, $"retry-{bobsFailed}");
        var delete = await HtmlForm.GetAsync(bob, bobsPage, $"delete-{bobsFailed}");
        var afterRetry = await (await retry.PostAsync(bob, ("id", annsFailed))).FollowRedirectAsync(bob, bobsPage);
        var afterDelete = await (await delete.PostAsync(bob, ("id", annsFailed), ("state", "failed"))).FollowRedirectAsync(bob, bobsPage);

        Assert.Equal("Nothing retried: that message is no longer failed.", HtmlPage.Message(afterRetry));
        Assert.Equal("Nothing deleted: that message is no longer in that queue.", HtmlPage.Message(afterDelete));
        Assert.Equal(DeliveryState.Failed, (await _app.ItemAsync(annsFailed)).State);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_and_an_unknown_bot_is_404()
    {
        var failed = await _app.FailedItemAsync(Ann, "kept");
        var form = await HtmlForm.GetAsync(_admin, DeliveryPage, $"delete-{failed}");

        var forged = await form.PostAsync(_admin, (HtmlForm.AntiforgeryField, null));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(DeliveryState.Failed, (await _app.ItemAsync(failed)).State);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/bots/nobody/delivery", Ct)).StatusCode);
    }
}
