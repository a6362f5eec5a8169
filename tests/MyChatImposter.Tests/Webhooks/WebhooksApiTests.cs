using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace MyChatImposter.Tests.Webhooks;

// The API's rules for subscriptions: errors at their field, the per-bot limit, another bot's ids, and who
// may call (the bot's owner or an administrator).
public sealed class WebhooksApiTests : IAsyncLifetime
{
    private const string Webhooks = "/api/external/users/ann/webhooks";
    private readonly ImposterApp _app = new(new Dictionary<string, string> { ["Webhooks:MaxSubscriptionsPerBot"] = "2" });
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        foreach (var bot in (string[])["ann", "bob"])
        {
            Assert.Equal(HttpStatusCode.OK, (await _admin.PutAsJsonAsync($"/api/external/users/{bot}", ConfigurationDocuments.Valid(bot), Ct)).StatusCode);
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private Task<HttpResponseMessage> CreateAsync(object body, string path = Webhooks) => _admin.PostAsJsonAsync(path, body, Ct);

    private static async Task<JsonObject> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (JsonObject)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!;
    }

    [Fact]
    public async Task Bad_urls_and_events_are_refused_at_their_fields()
    {
        var missing = await ErrorsAsync(await CreateAsync(new { }));
        Assert.Equal(["url", "events"], missing.Select(field => field.Key));

        var unknown = await ErrorsAsync(await CreateAsync(new { url = "ftp://hooks.example.com/", events = new[] { "reply.sent", "message.deleted" } }));
        Assert.Equal("must be an absolute http:// or https:// URL.", (string?)unknown["url"]![0]);
        Assert.StartsWith("'message.deleted' is not an event; choose from message.received, reply.sent", (string?)unknown["events"]![0], StringComparison.Ordinal);

        var tooLong = await ErrorsAsync(await CreateAsync(new { url = "https://hooks.example.com/" + new string('a', 2_000), events = new[] { "reply.sent" } }));
        Assert.Equal("has at most 2000 characters.", (string?)tooLong["url"]![0]);

        var withPassword = await ErrorsAsync(await CreateAsync(new { url = "https://me:pw@hooks.example.com/", events = new[] { "reply.sent" } }));
        Assert.Single(withPassword);
    }

    [Fact]
    public async Task A_subscription_is_created_read_changed_rotated_and_deleted()
    {
        var created = await CreateAsync(new { url = "https://hooks.example.com/a", events = new[] { "digest.sent", "message.received", "digest.sent" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var webhook = (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        var path = $"{Webhooks}/{webhook["id"]}";
        Assert.Equal(path, created.Headers.Location!.OriginalString);
        Assert.Equal(["message.received", "digest.sent"], webhook["events"]!.AsArray().Select(name => (string?)name));
        Assert.True((bool)webhook["enabled"]!);

        var read = (await _admin.GetFromJsonAsync<JsonObject>(path, Ct))!;
        Assert.Equal((string?)webhook["secret"], (string?)read["secret"]);

        var changed = await _admin.PutAsJsonAsync(path, new { url = "https://hooks.example.com/b", events = new[] { "reply.sent" }, enabled = false }, Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var list = (await _admin.GetFromJsonAsync<JsonObject>(Webhooks, Ct))!;
        var only = list["webhooks"]!.AsArray().Single()!;
        Assert.Equal(("https://hooks.example.com/b", false), ((string?)only["url"], (bool)only["enabled"]!));
        Assert.Equal(5, list["event_types"]!.AsArray().Count);

        var rotated = (await (await _admin.PostAsync($"{path}/secret", null, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.NotEqual((string?)webhook["secret"], (string?)rotated["secret"]);

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync(path, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.DeleteAsync(path, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync(path, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_bot_has_at_most_its_limit_of_subscriptions()
    {
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await CreateAsync(new { url = $"https://hooks.example.com/{i}", events = new[] { "reply.sent" } })).StatusCode);
        }

        var refused = await CreateAsync(new { url = "https://hooks.example.com/3", events = new[] { "reply.sent" } });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created,
            (await CreateAsync(new { url = "https://hooks.example.com/bob", events = new[] { "reply.sent" } }, "/api/external/users/bob/webhooks")).StatusCode);
    }

    [Fact]
    public async Task Another_bots_subscription_is_not_found_and_another_user_is_forbidden()
    {
        var bobs = (await (await CreateAsync(new { url = "https://hooks.example.com/bob", events = new[] { "reply.sent" } }, "/api/external/users/bob/webhooks"))
            .Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        await _app.CreateAccountAsync("ann", "Ann-Passw0rd!-long");
        var ann = await _app.SignedInClientAsync("ann", "Ann-Passw0rd!-long");

        Assert.Equal(HttpStatusCode.NotFound, (await ann.GetAsync($"{Webhooks}/{bobs["id"]}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.GetAsync($"{Webhooks}/{bobs["id"]}/deliveries", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.GetAsync("/api/external/users/bob/webhooks", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ann.GetAsync(Webhooks, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/external/users/nobody/webhooks", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().GetAsync(Webhooks, Ct)).StatusCode);
    }

    [Fact]
    public async Task The_delivery_log_checks_its_state_and_limit()
    {
        var webhook = (await (await CreateAsync(new { url = "https://hooks.example.com/a", events = new[] { "reply.sent" } })).Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        var path = $"{Webhooks}/{webhook["id"]}/deliveries";

        Assert.Equal("must be pending, delivered or failed.", (string?)(await ErrorsAsync(await _admin.GetAsync($"{path}?state=lost", Ct)))["state"]![0]);
        Assert.Single(await ErrorsAsync(await _admin.GetAsync($"{path}?limit=0", Ct)));
        Assert.Empty((await _admin.GetFromJsonAsync<JsonObject>($"{path}?state=failed", Ct))!["deliveries"]!.AsArray());
    }
}
