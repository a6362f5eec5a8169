using System.Net;
using MyChatImposter.Webhooks;

namespace MyChatImposter.Tests.Pages.Bots;

// /bots/{user_id}/webhooks: subscribe, the secret, a test ping in the delivery log, send again, turn off,
// delete; errors beside their fields. The host keeps Webhooks:AllowPrivateUrls off, as shipped.
public sealed class WebhooksPageTests : IAsyncLifetime
{
    private const string Ann = "ann";
    private const string Page = "/bots/ann/webhooks";
    private const string Url = "https://hooks.example.com/imposter";
    private readonly ImposterApp _app = new();
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        await _app.SaveBotAsync(Ann);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<string> AddAsync(string? url, string? events)
    {
        var form = await HtmlForm.GetAsync(_admin, Page, "add-webhook");
        var response = await form.PostAsync(_admin, ("Input.Url", url), ("Input.Events", events));
        return response.StatusCode == HttpStatusCode.OK ? await response.ReadAsync() : await response.FollowRedirectAsync(_admin, Page);
    }

    [Fact]
    public async Task A_webhook_added_here_shows_its_secret_and_can_be_pinged_sent_again_turned_off_and_deleted()
    {
        var html = await AddAsync(Url, WebhookEventTypes.ReplySent);

        Assert.Equal($"Events now go to {Url}. Its signing secret is shown below.", HtmlPage.Message(html));
        var subscription = Assert.Single(await _app.Service<WebhookSubscriptions>().ListAsync(Ann, Ct));
        Assert.Equal([WebhookEventTypes.ReplySent], subscription.Events);
        Assert.Contains($"<code class=\"secret\">{_app.Service<WebhookSubscriptions>().SecretOf(subscription)}</code>", html);

        html = await (await HtmlForm.Find(html, $"test-{subscription.Id}", Page).PostAsync(_admin)).FollowRedirectAsync(_admin, Page);
        Assert.Equal($"A ping is on its way to {Url}; see the deliveries below.", HtmlPage.Message(html));
        var ping = Assert.Single(await _app.Service<IWebhookOutboxStore>().ListAsync(Ann, null, null, 10, Ct));
        Assert.Contains($"<tr id=\"delivery-{ping.Id}\">", html);

        html = await (await HtmlForm.Find(html, $"redeliver-{ping.Id}", Page).PostAsync(_admin)).FollowRedirectAsync(_admin, Page);
        Assert.Equal("The ping event is sent again.", HtmlPage.Message(html));

        html = await (await HtmlForm.Find(html, $"enable-{subscription.Id}", Page).PostAsync(_admin)).FollowRedirectAsync(_admin, Page);
        Assert.Equal("The webhook is off: new events no longer go to it.", HtmlPage.Message(html));
        Assert.False((await _app.Service<WebhookSubscriptions>().GetAsync(Ann, subscription.Id, Ct))!.Enabled);

        html = await (await HtmlForm.Find(html, $"delete-{subscription.Id}", Page).PostAsync(_admin)).FollowRedirectAsync(_admin, Page);
        Assert.Equal("The webhook and its deliveries are deleted; nothing more is sent to it.", HtmlPage.Message(html));
        Assert.Contains("id=\"no-subscriptions\"", html);
        Assert.Equal(0, await _app.Service<IWebhookOutboxStore>().CountForUserAsync(Ann, Ct));
    }

    [Fact]
    public async Task A_private_address_and_a_missing_event_are_refused_beside_their_fields()
    {
        var html = await AddAsync("http://127.0.0.1:9000/hook", null);

        Assert.Equal(["The URL leads to a loopback address, which this host does not send webhooks to; its operator can allow such addresses with Webhooks:AllowPrivateUrls."],
            HtmlPage.FieldErrors(html, "Input.Url"));
        Assert.Single(HtmlPage.FieldErrors(html, "Input.Events"));
        Assert.Contains("value=\"http://127.0.0.1:9000/hook\"", html);
        Assert.Empty(await _app.Service<WebhookSubscriptions>().ListAsync(Ann, Ct));
    }

    [Fact]
    public async Task A_webhook_of_another_bot_cannot_be_reached_from_this_page()
    {
        await _app.SaveBotAsync("bob");
        var other = (await _app.Service<WebhookSubscriptions>().CreateAsync("bob", new(Url, [WebhookEventTypes.ReplySent], true), Ct)).Subscription!;
        var form = await HtmlForm.GetAsync(_admin, Page, "add-webhook");

        var html = await (await _admin.PostAsync($"{Page}?handler=Delete", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [HtmlForm.AntiforgeryField] = form.Fields[HtmlForm.AntiforgeryField],
            ["id"] = other.Id,
        }), Ct)).FollowRedirectAsync(_admin, Page);

        Assert.Equal("No such webhook.", HtmlPage.Message(html));
        Assert.NotNull(await _app.Service<WebhookSubscriptions>().GetAsync("bob", other.Id, Ct));
    }
}
