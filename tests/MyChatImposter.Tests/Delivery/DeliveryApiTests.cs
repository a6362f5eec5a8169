using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MyChatImposter.Delivery;
using MyChatImposter.Tests.Accounts;
using MyChatImposter.Tests.Pages.Bots;

namespace MyChatImposter.Tests.Delivery;

// /api/external/async-message-delivery-queue/... and /api/external/users/{user_id}/delivery.
public sealed class DeliveryApiTests : IAsyncLifetime
{
    private const string Ann = "ann";
    private const string Queue = "/api/external/async-message-delivery-queue";
    private readonly ImposterApp _app = DeliveryTesting.App();
    private HttpClient _admin = null!;
    private HttpClient _bob = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        _bob = await _app.BobClientAsync();
        await _app.SaveBotAsync(Ann);
        await _app.SaveBotAsync(BotPages.Bob);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static async Task<JsonArray> ArrayAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonArray>(Ct))!;
    }

    [Fact]
    public async Task A_users_items_are_listed_per_state_with_the_originals_fields_and_dates_that_serialise()
    {
        var held = await _app.EnqueueTextAsync(Ann, "alice", "hello");
        var failed = await _app.FailedItemAsync(Ann, "lost");
        await _app.EnqueueTextAsync(BotPages.Bob, "carol", "not ann's");

        var holding = await ArrayAsync(await _admin.GetAsync($"{Queue}/holding/{Ann}", Ct));
        var unconnected = await ArrayAsync(await _admin.GetAsync($"{Queue}/unconnected/{Ann}", Ct));
        var failedItems = await ArrayAsync(await _admin.GetAsync($"{Queue}/failed/{Ann}", Ct));
        var active = await ArrayAsync(await _admin.GetAsync($"{Queue}/active/{Ann}", Ct));

        var item = Assert.Single(holding)!.AsObject();
        Assert.True(JsonNode.DeepEquals(holding, unconnected));
        Assert.Equal("hello", (string)item["content"]!);
        Assert.Equal("text", (string)item["message_type"]!);
        Assert.Equal(held, (string)item["message_metadata"]!["message_id"]!);
        Assert.Equal(Ann, (string)item["message_metadata"]!["message_destination"]!["user_id"]!);
        Assert.Equal(0, (int)item["message_metadata"]!["send_attempts"]!);
        Assert.Equal(_app.Time.GetUtcNow(), DateTimeOffset.Parse((string)item["created_at"]!), TimeSpan.FromMilliseconds(1));
        Assert.Equal(("holding", "alice", "test"), ((string)item["state"]!, (string)item["recipient"]!, (string)item["origin"]!));
        var lost = Assert.Single(failedItems)!;
        Assert.Equal(failed, (string)lost["message_metadata"]!["message_id"]!);
        Assert.Equal(("failed", "IOException: refused", 1), ((string)lost["state"]!, (string)lost["last_error"]!, (int)lost["message_metadata"]!["send_attempts"]!));
        Assert.Empty(active);
    }

    [Fact]
    public async Task Lists_page_by_sequence()
    {
        for (var index = 0; index < 5; index++)
        {
            await _app.EnqueueTextAsync(Ann, "alice", $"m{index}");
        }

        var first = await ArrayAsync(await _admin.GetAsync($"{Queue}/holding/{Ann}?limit=2", Ct));
        var next = await ArrayAsync(await _admin.GetAsync($"{Queue}/holding/{Ann}?limit=2&after={(long)first[1]!["sequence"]!}", Ct));

        Assert.Equal(["m0", "m1"], first.Select(item => (string)item!["content"]!));
        Assert.Equal(["m2", "m3"], next.Select(item => (string)item!["content"]!));
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.GetAsync($"{Queue}/holding/{Ann}?limit=0", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.GetAsync($"{Queue}/holding/{Ann}?limit=1001", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("GET", "/pending/ann")]
    [InlineData("GET", "/sent/ann")]
    [InlineData("DELETE", "/queued/some-id")]
    [InlineData("DELETE", "/sent/some-id")]
    public async Task An_unknown_queue_type_is_400(string method, string path)
    {
        var response = await _admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), Queue + path), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.Equal("Unknown queue type", problem.GetProperty("title").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("queue_type", out _));
    }

    [Fact]
    public async Task Delete_removes_an_item_in_the_named_state_and_answers_404_otherwise()
    {
        var id = await _app.EnqueueTextAsync(Ann, "alice", "hello");

        var wrongState = await _admin.DeleteAsync($"{Queue}/failed/{id}", Ct);
        var unknown = await _admin.DeleteAsync($"{Queue}/holding/{Guid.NewGuid()}", Ct);
        var deleted = await _admin.DeleteAsync($"{Queue}/unconnected/{id}", Ct);
        var again = await _admin.DeleteAsync($"{Queue}/holding/{id}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, wrongState.StatusCode);
        Assert.Contains("not in the failed queue", (await wrongState.ProblemAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await unknown.ProblemAsync();
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Null(await _app.Service<IDeliveryStore>().GetAsync(id, Ct));
    }

    [Fact]
    public async Task A_regular_user_cannot_see_or_touch_another_users_items()
    {
        var annsHeld = await _app.EnqueueTextAsync(Ann, "alice", "ann's");
        var annsFailed = await _app.FailedItemAsync(Ann, "ann's failed");
        var bobsFailed = await _app.FailedItemAsync(BotPages.Bob, "bob's failed");

        Assert.Equal(HttpStatusCode.Forbidden, (await _bob.GetAsync($"{Queue}/holding/{Ann}", Ct)).StatusCode);
        var delete = await _bob.DeleteAsync($"{Queue}/holding/{annsHeld}", Ct);
        var retry = await _bob.PostAsync($"{Queue}/failed/{annsFailed}/retry", null, Ct);
        var retryAll = await _bob.PostAsync($"{Queue}/failed/users/{Ann}/retry", null, Ct);
        var enqueue = await _bob.PostAsJsonAsync($"/api/external/users/{Ann}/delivery", new { recipient = "x", text = "as ann" }, Ct);

        // Another user's item is answered as if it did not exist.
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, retry.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, retryAll.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, enqueue.StatusCode);
        Assert.Equal(DeliveryState.Holding, (await _app.ItemAsync(annsHeld)).State);
        Assert.Equal(DeliveryState.Failed, (await _app.ItemAsync(annsFailed)).State);
        Assert.Single(await _app.ItemsAsync(Ann, DeliveryState.Holding));

        // Their own, they may.
        Assert.Single(await ArrayAsync(await _bob.GetAsync($"{Queue}/failed/{BotPages.Bob}", Ct)));
        Assert.Equal(HttpStatusCode.OK, (await _bob.PostAsync($"{Queue}/failed/{bobsFailed}/retry", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _bob.DeleteAsync($"{Queue}/holding/{bobsFailed}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Retry_puts_a_failed_item_back_with_its_attempts_reset_and_refuses_others()
    {
        var failed = await _app.FailedItemAsync(Ann, "again");
        var held = await _app.EnqueueTextAsync(Ann, "alice", "waiting");

        var retried = await _admin.PostAsync($"{Queue}/failed/{failed}/retry", null, Ct);
        var notFailed = await _admin.PostAsync($"{Queue}/failed/{held}/retry", null, Ct);
        var unknown = await _admin.PostAsync($"{Queue}/failed/{Guid.NewGuid()}/retry", null, Ct);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var view = (await retried.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        // Ann is not connected: the item waits in holding.
        Assert.Equal(("holding", 0, "IOException: refused"),
            ((string)view["state"]!, (int)view["message_metadata"]!["send_attempts"]!, (string)view["last_error"]!));
        Assert.Equal(HttpStatusCode.Conflict, notFailed.StatusCode);
        await notFailed.ProblemAsync();
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var sender = await _app.ConnectAsync(Ann);
        await _app.DriveAsync(sender);
        Assert.Equal(["again", "waiting"], _app.SentTexts(Ann));
    }

    [Fact]
    public async Task Retry_all_puts_back_every_failed_item_of_one_user()
    {
        // Failed before Ann connects: FailedItemAsync writes an active item first, which a running sender could
        // claim before the helper does.
        var failedIds = new[] { await _app.FailedItemAsync(Ann, "one"), await _app.FailedItemAsync(Ann, "two") };
        var bobs = await _app.FailedItemAsync(BotPages.Bob, "bob's");
        var sender = await _app.ConnectAsync(Ann);

        var response = await _admin.PostAsync($"{Queue}/failed/users/{Ann}/retry", null, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal((Ann, 2, "active"), ((string)body["user_id"]!, (int)body["retried"]!, (string)body["state"]!));
        await _app.DriveAsync(sender);
        Assert.Equal(["one", "two"], _app.SentTexts(Ann));
        Assert.All(failedIds, id => Assert.Equal(DeliveryState.Sent, _app.ItemAsync(id).Result.State));
        Assert.Equal(DeliveryState.Failed, (await _app.ItemAsync(bobs)).State);
        Assert.Equal(0, (int)(await (await _admin.PostAsync($"{Queue}/failed/users/{Ann}/retry", null, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct))!["retried"]!);
    }

    [Fact]
    public async Task A_text_posted_for_a_user_goes_through_the_queue()
    {
        var sender = await _app.ConnectAsync(Ann);

        var response = await _admin.PostAsJsonAsync($"/api/external/users/{Ann}/delivery", new { recipient = "alice", text = "through the api" }, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        await _app.DriveAsync(sender);
        Assert.Equal(["through the api"], _app.SentTexts(Ann, "alice"));
        var item = await _app.ItemAsync((string)body["message_id"]!);
        Assert.Equal((DeliveryState.Sent, "api"), (item.State, item.Origin));
    }

    [Theory]
    [InlineData("""{"text":"hi"}""", "recipient")]
    [InlineData("""{"recipient":"  ","text":"hi"}""", "recipient")]
    [InlineData("""{"recipient":"alice"}""", "text")]
    [InlineData("""{"recipient":"alice","text":""}""", "text")]
    [InlineData("""{"recipient":"al\nice","text":"hi"}""", "recipient")]
    [InlineData("null", "$")]
    public async Task A_posted_text_with_a_bad_field_is_400_beside_that_field(string body, string field)
    {
        var response = await _admin.PostAsync($"/api/external/users/{Ann}/delivery",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}");
        Assert.Empty(await _app.ItemsAsync(Ann, DeliveryState.Holding));
    }

    [Fact]
    public async Task A_text_too_long_or_for_a_bot_that_does_not_exist_is_refused()
    {
        var tooLong = await _admin.PostAsJsonAsync($"/api/external/users/{Ann}/delivery",
            new { recipient = "alice", text = new string('x', DeliveryQueue.MaxTextLength + 1) }, Ct);
        var noBot = await _admin.PostAsJsonAsync("/api/external/users/nobody/delivery", new { recipient = "alice", text = "hi" }, Ct);
        var badId = await _admin.GetAsync($"{Queue}/active/bad%20id", Ct);

        Assert.True(tooLong.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, $"{tooLong.StatusCode}");
        Assert.Equal(HttpStatusCode.NotFound, noBot.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Empty(await _app.ItemsAsync("nobody", DeliveryState.Holding));
    }
}
