using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using MyChatImposter.Llm;
using MyChatImposter.Tests.AutoReply;
using MyChatImposter.Tests.Llm;
using MyChatImposter.Webhooks;

namespace MyChatImposter.Tests.Webhooks;

// The real host posting to a real receiver on 127.0.0.1 (so Webhooks:AllowPrivateUrls is on, except where the
// egress rule is the point), with the fake clock driving the retries.
public sealed class WebhookDeliveryTests
{
    private const string Ann = "ann";
    private const string Dana = "dana@s.whatsapp.net";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ImposterApp App(
        bool allowPrivate = true, string? dataDirectory = null, Action<IServiceCollection>? services = null, DateTimeOffset? time = null) =>
        new(new Dictionary<string, string> { ["Webhooks:AllowPrivateUrls"] = allowPrivate ? "true" : "false" }, dataDirectory)
        {
            ConfigureServices = services,
            Time = new TimerWatchingTime(time ?? DateTimeOffset.UtcNow),
        };

    private static TimerWatchingTime Clock(ImposterApp app) => (TimerWatchingTime)app.Time;

    private static async Task<HttpClient> AdminWithBotAsync(ImposterApp app, bool link = false)
    {
        var admin = await app.AdminClientAsync();
        if (link)
        {
            await admin.SaveAndLinkAsync(Ann, ConfigurationDocuments.Valid(Ann));
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/external/users/{Ann}", ConfigurationDocuments.Valid(Ann), Ct)).StatusCode);
        }
        return admin;
    }

    private static async Task<JsonObject> SubscribeAsync(HttpClient client, Uri url, params string[] events)
    {
        var response = await client.PostAsJsonAsync($"/api/external/users/{Ann}/webhooks", new { url, events }, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
    }

    private static async Task<JsonObject> PingAsync(HttpClient client, JsonObject webhook)
    {
        var response = await client.PostAsync($"/api/external/users/{Ann}/webhooks/{webhook["id"]}/test", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
    }

    private static async Task<JsonObject> DeliveryAsync(HttpClient client, JsonObject webhook) =>
        (JsonObject)(await client.GetFromJsonAsync<JsonObject>($"/api/external/users/{Ann}/webhooks/{webhook["id"]}/deliveries", Ct))!
            ["deliveries"]!.AsArray().Single()!;

    // The receiver's side, written from the README rather than with the host's own code.
    private static string ExpectedSignature(string secret, string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    [Fact]
    public async Task A_received_message_arrives_signed_with_the_subscriptions_secret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = App();
        var admin = await AdminWithBotAsync(app, link: true);
        var attempts = new WebhookAttempts(app.Service<WebhookDispatcher>());
        var webhook = await SubscribeAsync(admin, receiver.Url, "message.received");

        await admin.WriteAsync(Ann, Dana, "Are you coming tonight?");

        var request = await receiver.RequestAsync(1);
        Assert.Equal(WebhookDeliveryState.Delivered, (await attempts.RecordedAsync(1)).State);
        var secret = (string)webhook["secret"]!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(ExpectedSignature(secret, request.Header("X-Imposter-Timestamp"), request.Body), request.Header("X-Imposter-Signature"));
        Assert.Equal(app.Time.GetUtcNow().ToUnixTimeSeconds(), long.Parse(request.Header("X-Imposter-Timestamp"), CultureInfo.InvariantCulture));
        Assert.NotEqual(ExpectedSignature(secret, request.Header("X-Imposter-Timestamp"), request.Body + " "), request.Header("X-Imposter-Signature"));
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("message.received", (string?)body["type"]);
        Assert.Equal("message.received", request.Header("X-Imposter-Event"));
        Assert.Equal(request.Header("X-Imposter-Event-Id"), (string?)body["id"]);
        Assert.Equal(Ann, (string?)body["user_id"]);
        Assert.Equal((Dana, "Are you coming tonight?", false, 1L),
            ((string?)body["data"]!["correspondent_id"], (string?)body["data"]!["text"], (bool)body["data"]!["is_group"]!, (long)body["data"]!["message_id"]!));
        Assert.Equal(("delivered", 1), ((string?)(await DeliveryAsync(admin, webhook))["state"], (int)(await DeliveryAsync(admin, webhook))["attempts"]!));
    }

    [Fact]
    public async Task A_receiver_that_fails_three_times_gets_the_event_on_the_fourth_try_with_the_same_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync(500, 500, 500);
        await using var app = App();
        var admin = await AdminWithBotAsync(app);
        var attempts = new WebhookAttempts(app.Service<WebhookDispatcher>());
        var webhook = await SubscribeAsync(admin, receiver.Url, "reply.sent");

        var ping = await PingAsync(admin, webhook);

        (int Seconds, int Attempt)[] retries = [(10, 2), (30, 3), (120, 4)];
        var first = await receiver.RequestAsync(1);
        foreach (var (seconds, attempt) in retries)
        {
            var failed = await attempts.RecordedAsync(attempt - 1);
            Assert.Equal((WebhookDeliveryState.Pending, 500), (failed.State, failed.StatusCode));
            Assert.Equal(app.Time.GetUtcNow().AddSeconds(seconds), failed.NextAttemptAt);
            await Clock(app).TimerDueAt(failed.NextAttemptAt!.Value);
            app.Time.Advance(TimeSpan.FromSeconds(seconds - 1));
            Assert.Equal(attempt - 1, receiver.Count);
            app.Time.Advance(TimeSpan.FromSeconds(1));
            var again = await receiver.RequestAsync(attempt);
            Assert.Equal(first.Header("X-Imposter-Event-Id"), again.Header("X-Imposter-Event-Id"));
            Assert.Equal(first.Body, again.Body);
        }
        Assert.Equal(WebhookDeliveryState.Delivered, (await attempts.RecordedAsync(4)).State);
        Assert.Equal("ping", first.Header("X-Imposter-Event"));
        Assert.Equal((string?)ping["event_id"], first.Header("X-Imposter-Event-Id"));
        var log = await DeliveryAsync(admin, webhook);
        Assert.Equal(("delivered", 4, 200, (string?)null), ((string?)log["state"], (int)log["attempts"]!, (int?)log["last_status_code"], (string?)log["last_error"]));
        Assert.Equal(4, receiver.Count);
    }

    [Fact]
    public async Task A_host_restart_between_failures_loses_nothing()
    {
        var data = Directory.CreateTempSubdirectory("imposter-webhooks-").FullName;
        try
        {
            await using var receiver = await WebhookReceiver.StartAsync(503);
            JsonObject webhook;
            string eventId;
            DateTimeOffset stoppedAt;
            await using (var first = App(dataDirectory: data))
            {
                var admin = await AdminWithBotAsync(first);
                var attempts = new WebhookAttempts(first.Service<WebhookDispatcher>());
                webhook = await SubscribeAsync(admin, receiver.Url, "session.status_changed");
                await PingAsync(admin, webhook);
                eventId = (await receiver.RequestAsync(1)).Header("X-Imposter-Event-Id");
                Assert.Equal(WebhookDeliveryState.Pending, (await attempts.RecordedAsync(1)).State);
                stoppedAt = first.Time.GetUtcNow();
            }

            // The second host's clock goes on from where the first one's stopped.
            await using var second = App(dataDirectory: data, time: stoppedAt);
            var attemptsAfter = new WebhookAttempts(second.Service<WebhookDispatcher>());
            await Clock(second).TimerDueAt(stoppedAt.AddSeconds(10));
            second.Time.Advance(TimeSpan.FromSeconds(10));

            var outcome = await attemptsAfter.RecordedAsync(1);
            Assert.Equal((WebhookDeliveryState.Delivered, (string?)null), (outcome.State, outcome.Error));
            var delivered = await receiver.RequestAsync(2);
            Assert.Equal(eventId, delivered.Header("X-Imposter-Event-Id"));
            Assert.Equal(ExpectedSignature((string)webhook["secret"]!, delivered.Header("X-Imposter-Timestamp"), delivered.Body),
                delivered.Header("X-Imposter-Signature"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook", "a loopback address")]
    [InlineData("http://localhost/hook", "a loopback address")]
    [InlineData("http://[::1]/hook", "a loopback address")]
    [InlineData("https://10.1.2.3/hook", "a private-network address")]
    [InlineData("http://169.254.169.254/latest", "a cloud metadata service address")]
    public async Task A_private_address_is_refused_at_url_by_default(string url, string kind)
    {
        await using var app = App(allowPrivate: false);
        var admin = await AdminWithBotAsync(app);

        var response = await admin.PostAsJsonAsync($"/api/external/users/{Ann}/webhooks", new { url, events = new[] { "reply.sent" } }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Contains(kind, (string?)problem["errors"]!["url"]![0], StringComparison.Ordinal);
        Assert.Contains("Webhooks:AllowPrivateUrls", (string?)problem["errors"]!["url"]![0], StringComparison.Ordinal);
        Assert.Empty((await admin.GetFromJsonAsync<JsonObject>($"/api/external/users/{Ann}/webhooks", Ct))!["webhooks"]!.AsArray());
    }

    [Fact]
    public async Task A_name_that_leads_to_loopback_is_refused_when_sent_and_the_reason_is_logged_on_the_delivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var names = new MappedNames { ["hooks.internal.test"] = [IPAddress.Loopback] };
        await using var app = App(allowPrivate: false,
            services: services => services.Replace(ServiceDescriptor.Singleton<IHostNameResolver>(names)));
        var admin = await AdminWithBotAsync(app);
        var attempts = new WebhookAttempts(app.Service<WebhookDispatcher>());
        var webhook = await SubscribeAsync(admin, new Uri($"http://hooks.internal.test:{receiver.Url.Port}/hook"), "reply.sent");

        await PingAsync(admin, webhook);

        var outcome = await attempts.RecordedAsync(1);
        Assert.Equal((WebhookDeliveryState.Pending, (int?)null), (outcome.State, outcome.StatusCode));
        var log = await DeliveryAsync(admin, webhook);
        Assert.Equal(("pending", 1), ((string?)log["state"], (int)log["attempts"]!));
        Assert.Equal("url leads to a loopback address, which this host does not send webhooks to; "
            + "its operator can allow such addresses with Webhooks:AllowPrivateUrls.", (string?)log["last_error"]);
        Assert.Equal(0, receiver.Count);
        Assert.True(names.Lookups >= 1);
    }

    [Fact]
    public async Task Send_again_posts_a_delivered_event_once_more_with_its_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = App();
        var admin = await AdminWithBotAsync(app);
        var attempts = new WebhookAttempts(app.Service<WebhookDispatcher>());
        var webhook = await SubscribeAsync(admin, receiver.Url, "delivery.failed");
        var ping = await PingAsync(admin, webhook);
        var first = await receiver.RequestAsync(1);
        await attempts.RecordedAsync(1);

        var response = await admin.PostAsync($"/api/external/users/{Ann}/webhooks/deliveries/{ping["id"]}/redeliver", null, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var again = await receiver.RequestAsync(2);
        Assert.Equal(first.Header("X-Imposter-Event-Id"), again.Header("X-Imposter-Event-Id"));
        Assert.Equal(WebhookDeliveryState.Delivered, (await attempts.RecordedAsync(2)).State);
        var log = await DeliveryAsync(admin, webhook);
        Assert.Equal(("delivered", 1), ((string?)log["state"], (int)log["attempts"]!));
        Assert.Equal(HttpStatusCode.NotFound,
            (await admin.PostAsync($"/api/external/users/{Ann}/webhooks/deliveries/nope/redeliver", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task Only_subscribed_events_are_recorded_and_replies_and_status_changes_arrive()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = App();
        var admin = await AdminWithBotAsync(app);
        var webhook = await SubscribeAsync(admin, receiver.Url, "session.status_changed");

        var linked = await admin.PostAsync($"/api/external/users/{Ann}/actions/link", null, Ct);
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        await admin.WriteAsync(Ann, Dana, "hello");

        var status = JsonNode.Parse((await receiver.RequestAsync(1)).Body)!;
        Assert.Equal("session.status_changed", (string?)status["type"]);
        Assert.False(string.IsNullOrEmpty((string?)status["data"]!["status"]));
        await admin.UnlinkAsync(Ann);
        var stopped = await WaitForStatusAsync(receiver, "stopped");
        Assert.Equal(Ann, (string?)stopped["user_id"]);
        // The message was archived, but nobody asked for message.received: no row for it.
        var log = (await admin.GetFromJsonAsync<JsonObject>($"/api/external/users/{Ann}/webhooks/{webhook["id"]}/deliveries?limit=100", Ct))!;
        Assert.All(log["deliveries"]!.AsArray(), row => Assert.Equal("session.status_changed", (string?)row!["type"]));
        Assert.DoesNotContain(await app.Service<IWebhookOutboxStore>().ListAsync(Ann, null, null, 100, Ct),
            row => row.EventType == WebhookEventTypes.MessageReceived);
    }

    [Fact]
    public async Task A_sent_reply_arrives_as_reply_sent_with_its_text_and_recipient()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = App();
        var admin = await AdminWithBotAsync(app, link: true);
        await SubscribeAsync(admin, receiver.Url, "reply.sent", "delivery.failed");

        var queued = await admin.PostAsJsonAsync($"/api/external/users/{Ann}/delivery", new { recipient = Dana, text = "On my way" }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var itemId = (string?)(await queued.Content.ReadFromJsonAsync<JsonObject>(Ct))!["message_id"];

        var request = await receiver.RequestAsync(1);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("reply.sent", (string?)body["type"]);
        var data = body["data"]!;
        Assert.Equal((itemId, Dana, "On my way", "text", 1), ((string?)data["item_id"], (string?)data["recipient"], (string?)data["text"],
            (string?)data["message_type"], (int)data["attempts"]!));
        Assert.Null((string?)data["error"]);
    }

    private static async Task<JsonNode> WaitForStatusAsync(WebhookReceiver receiver, string wanted)
    {
        for (var number = 1; ; number++)
        {
            var body = JsonNode.Parse((await receiver.RequestAsync(number)).Body)!;
            if ((string?)body["data"]!["status"] == wanted)
            {
                return body;
            }
        }
    }

    [Fact]
    public async Task Deleting_the_bot_erases_its_webhooks_and_their_deliveries()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = App();
        var admin = await AdminWithBotAsync(app);
        var attempts = new WebhookAttempts(app.Service<WebhookDispatcher>());
        var webhook = await SubscribeAsync(admin, receiver.Url, "reply.sent");
        await PingAsync(admin, webhook);
        await attempts.RecordedAsync(1);

        var deleted = (await (await admin.DeleteAsync($"/api/external/users/{Ann}", Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct))!;

        Assert.Equal("1", (string?)deleted["erased"]!["webhooks"]);
        Assert.Equal("1", (string?)deleted["erased"]!["webhook_deliveries"]);
        Assert.Equal(0, await app.Service<IWebhookSubscriptionStore>().CountForUserAsync(Ann, Ct));
        Assert.Equal(0, await app.Service<IWebhookOutboxStore>().CountForUserAsync(Ann, Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/external/users/{Ann}/webhooks", Ct)).StatusCode);
    }
}
