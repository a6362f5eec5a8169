using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using MyChatImposter.ChatProviders;
using MyChatImposter.ChatProviders.Sandbox;
using MyChatImposter.Delivery;
using MyChatImposter.Live;
using MyChatImposter.Tests.Pages;
using MyChatImposter.Tests.Pages.Bots;

namespace MyChatImposter.Tests.Live;

// GET /bots/{user_id}/events?page=… and GET /events: a snapshot first, then the changes the page shows, as
// the sessions, the delivery queue and the sandbox make them; authorised like the bot's pages; ended by the
// host stopping.
public sealed class LiveStreamTests : IAsyncLifetime
{
    private const string Ann = "ann";
    private readonly ImposterApp _app = new();
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        await _app.SaveBotAsync(Ann);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static string BotEvents(string userId, string page) => $"/bots/{userId}/events?page={page}";

    private static JsonObject OnlyBot(JsonObject snapshot) => Assert.Single(snapshot["bots"]!.AsArray())!.AsObject();

    [Fact]
    public async Task The_bots_page_starts_from_a_snapshot_and_follows_its_status()
    {
        using var stream = await EventStream.OpenAsync(_admin, BotEvents(Ann, "details"), Ct);

        var bot = OnlyBot(await stream.NextEventAsync() is { Type: "snapshot" } first ? first.Data : throw new InvalidOperationException("no snapshot first"));
        Assert.Equal(Ann, (string)bot["user_id"]!);
        Assert.Equal(ChatStatus.Disconnected, (string)bot["status"]!);
        Assert.Equal(0, (long)bot["depths"]!["holding"]!);
        Assert.Contains("retry: 5000", stream.Received);

        await _app.LinkBotAsync(Ann);
        var connected = await stream.NextAsync("status");
        while ((string)connected["status"]! != ChatStatus.Connected)
        {
            connected = await stream.NextAsync("status");
        }
        Assert.Equal(Ann, (string)connected["user_id"]!);

        await _app.Service<ChatSessions>().UnlinkAsync(Ann, Ct);
        var stopped = await stream.NextAsync("status");
        while (!(bool)stopped["ended"]!)
        {
            stopped = await stream.NextAsync("status");
        }
        Assert.Equal(ChatStatus.Disconnected, (string)stopped["status"]!);
    }

    [Fact]
    public async Task The_chat_page_hears_of_each_message_in_and_out_without_its_text()
    {
        await _app.LinkBotAsync(Ann);
        using var stream = await EventStream.OpenAsync(_admin, BotEvents(Ann, "chat"), Ct);
        await stream.NextAsync("snapshot");

        var sent = await _admin.PostAsJsonAsync($"/api/external/users/{Ann}/sandbox/inbound",
            new { correspondent_id = "alice", display_name = "Alice", text = "Are you coming tonight?" }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var inbound = await stream.NextAsync("chat");
        _app.Service<SandboxWorld>().RecordSend(Ann, "alice", "text", "Yes, at eight!");
        var outbound = await stream.NextAsync("chat");

        Assert.Equal(("alice", "inbound"), ((string)inbound["conversation"]!, (string)inbound["direction"]!));
        Assert.Equal(("alice", "outbound"), ((string)outbound["conversation"]!, (string)outbound["direction"]!));
        Assert.DoesNotContain("coming tonight", stream.Received);
        Assert.DoesNotContain("at eight", stream.Received);
    }

    [Fact]
    public async Task The_delivery_page_gets_the_depths_after_each_change_of_the_queue()
    {
        using var stream = await EventStream.OpenAsync(_admin, BotEvents(Ann, "delivery"), Ct);
        Assert.Equal(0, (long)OnlyBot(await stream.NextAsync("snapshot"))["depths"]!["holding"]!);

        var queued = await _app.Service<IDeliveryQueue>().EnqueueAsync(
            new OutboundMessage(Ann, "alice", new TextContent("See you at eight"), "test"), Ct);
        var held = await stream.NextAsync("delivery");
        Assert.Equal(queued.Value, (string)held["item_id"]!);
        Assert.Equal("holding", (string)held["state"]!);
        Assert.Equal(1, (long)held["depths"]!["holding"]!);

        var item = (await _app.Service<IDeliveryStore>().GetAsync(queued.Value, Ct))!;
        Assert.True(await _app.Service<DeliveryQueue>().DeleteAsync(item, DeliveryState.Holding, Ct));
        var deleted = await stream.NextAsync("delivery");
        Assert.Equal(0, (long)deleted["depths"]!["holding"]!);
        Assert.DoesNotContain("See you", stream.Received);
    }

    [Fact]
    public async Task The_administrators_dashboard_follows_every_bot_and_a_users_only_their_own()
    {
        await _app.SaveBotAsync(BotPages.Bob);
        var bob = await _app.BobClientAsync();
        using var adminStream = await EventStream.OpenAsync(_admin, "/events", Ct);
        using var bobStream = await EventStream.OpenAsync(bob, "/events", Ct);

        var everyBot = (await adminStream.NextAsync("snapshot"))["bots"]!.AsArray().Select(bot => (string)bot!["user_id"]!);
        Assert.Equal([Ann, BotPages.Bob], everyBot.Order(StringComparer.Ordinal));
        Assert.Equal(BotPages.Bob, (string)OnlyBot(await bobStream.NextAsync("snapshot"))["user_id"]!);

        await _app.Service<IDeliveryQueue>().EnqueueAsync(new OutboundMessage(Ann, "alice", new TextContent("hi"), "test"), Ct);
        await _app.Service<IDeliveryQueue>().EnqueueAsync(new OutboundMessage(BotPages.Bob, "carl", new TextContent("hi"), "test"), Ct);

        Assert.Equal(Ann, (string)(await adminStream.NextAsync("delivery"))["user_id"]!);
        // Ann's change came first: Bob's stream never had it.
        Assert.Equal(BotPages.Bob, (string)(await bobStream.NextAsync("delivery"))["user_id"]!);
    }

    [Fact]
    public async Task Another_user_is_refused_an_unknown_bot_is_not_found_and_nobody_signed_out_gets_a_stream()
    {
        await _app.SaveBotAsync(BotPages.Bob);
        var bob = await _app.BobClientAsync();
        using var anonymous = _app.CreateClient("10.0.0.9");

        using var others = await bob.GetAsync(BotEvents(Ann, "details"), HttpCompletionOption.ResponseHeadersRead, Ct);
        using var unknown = await _admin.GetAsync(BotEvents("nobody", "details"), HttpCompletionOption.ResponseHeadersRead, Ct);
        using var badPage = await _admin.GetAsync(BotEvents(Ann, "settings"), HttpCompletionOption.ResponseHeadersRead, Ct);
        using var signedOut = await anonymous.GetAsync(BotEvents(Ann, "details"), HttpCompletionOption.ResponseHeadersRead, Ct);
        using var signedOutDashboard = await anonymous.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, others.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, signedOutDashboard.StatusCode);
        Assert.All([others, unknown, badPage, signedOut], response =>
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType));
    }

    [Theory]
    [InlineData("", "details")]
    [InlineData("/delivery", "delivery")]
    [InlineData("/chat", "chat")]
    [InlineData("/link", "link")]
    public async Task Each_live_bot_page_names_its_stream_and_offers_a_reload_link_for_a_browser_without_script(string page, string stream)
    {
        await _app.LinkBotAsync(Ann);

        var html = await HtmlPage.GetAsync(_admin, $"/bots/{Ann}{page}");

        Assert.Contains($"data-events-url=\"/bots/{Ann}/events?page={stream}\"", html);
        Assert.Matches($@"<a class=""reload"" href=""/bots/{Ann}{page}"">Reload</a>", html);
        Assert.Matches(@"<script src=""/js/live\.js\?v=[^""]+""></script>", html);
    }

    [Fact]
    public async Task An_idle_stream_sends_a_comment_every_heartbeat_interval()
    {
        using var stream = await EventStream.OpenAsync(_admin, BotEvents(Ann, "details"), Ct);
        await stream.NextAsync("snapshot");

        _app.Time.Advance(LiveStream.HeartbeatInterval);

        Assert.True(await stream.NextCommentAsync());
    }

    [Fact]
    public async Task Open_streams_end_when_the_host_stops()
    {
        using var stream = await EventStream.OpenAsync(_admin, "/events", Ct);
        await stream.NextAsync("snapshot");

        _app.Service<IHostApplicationLifetime>().StopApplication();

        Assert.True(await stream.EndedAsync());
    }
}
