using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MyChatImposter.Tests.AutoReply;
using MyChatImposter.Tests.Delivery;
using MyChatImposter.Tests.Llm;

namespace MyChatImposter.Tests.Telemetry;

// GET /metrics on the real host after a real exchange: a message into the sandbox, the pipeline, the openAi
// provider (the OpenAI SDK against FakeOpenAiServer, which reports 10 prompt and 5 completion tokens), the
// delivery queue and back out to the sandbox network.
public sealed partial class MetricsEndpointTests
{
    private const string Ann = "ann";
    private const string ScrapeToken = "scrape-token-0123456789abcdef0123456789";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ImposterApp App() => new(new Dictionary<string, string>
    {
        ["AutoReply:QuietPeriod"] = "00:00:00",
        ["Telemetry:MetricsScrapeToken"] = ScrapeToken,
    });

    private static JsonObject OpenAiBot(Uri baseUrl) =>
        AutoReplyBots.Configuration(Ann).With("configurations.llm_provider_config", new JsonObject
        {
            ["provider_name"] = "openAi",
            ["provider_config"] = new JsonObject
            {
                ["api_key_source"] = "explicit",
                ["api_key"] = "sk-metrics-0123456789abcdef",
                ["model"] = "gpt-4o-mini",
                ["base_url"] = baseUrl.ToString(),
            },
        });

    // Every sample of the metric whose labels include all the given ones, summed: Prometheus text lines are
    // `name{label="value",...} number`. At least, in the assertions: the exporter reads meters by name, so
    // the other hosts this test process runs at the same time add to the framework's counts, and may to ours.
    private static double Sample(string exposition, string metric, params (string Label, string Value)[] labels) =>
        exposition.Split('\n')
            .Select(line => SampleLine().Match(line))
            .Where(match => match.Success && match.Groups["name"].Value == metric
                && labels.All(label => match.Groups["labels"].Value.Contains($"{label.Label}=\"{label.Value}\"", StringComparison.Ordinal)))
            .Sum(match => double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture));

    // Greedy up to the last "} ": a label value may hold braces (http_route="/api/external/users/{user_id}/…").
    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)$""")]
    private static partial Regex SampleLine();

    [Fact]
    public async Task After_a_sandbox_exchange_metrics_show_the_pipeline_the_llm_and_the_delivery_queue()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Fallback = FakeAnswer.Text("See you at seven");
        await using var app = App();
        var admin = await app.AdminClientAsync();
        await admin.SaveAndLinkAsync(Ann, OpenAiBot(server.BaseUrl));

        Assert.False(await InboundAsync(admin, "m-1", "are you coming tonight?"));
        await app.SentMessagesAsync(Ann, 1);
        Assert.True(await InboundAsync(admin, "m-1", "are you coming tonight?"));
        Assert.False(await InboundAsync(admin, "m-2", "and bring the cake"));
        await app.SentMessagesAsync(Ann, 2);

        var response = await admin.GetAsync("/metrics", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var metrics = await response.Content.ReadAsStringAsync(Ct);

        Assert.True(Sample(metrics, "imposter_pipeline_received_total") >= 3, metrics);
        Assert.True(Sample(metrics, "imposter_pipeline_archived_total") >= 2);
        Assert.True(Sample(metrics, "imposter_pipeline_replays_total") >= 1);
        Assert.True(Sample(metrics, "imposter_pipeline_archive_batch_count") >= 1);
        Assert.True(Sample(metrics, "imposter_llm_calls_total", ("provider", "openAi"), ("outcome", "answered")) >= 2);
        Assert.True(Sample(metrics, "imposter_llm_duration_seconds_count", ("provider", "openAi")) >= 2);
        Assert.True(Sample(metrics, "imposter_llm_tokens_total", ("provider", "openAi"), ("type", "input")) >= 20);
        Assert.True(Sample(metrics, "imposter_llm_tokens_total", ("provider", "openAi"), ("type", "output")) >= 10);
        Assert.True(Sample(metrics, "imposter_delivery_sent_total") >= 2);
        Assert.True(Sample(metrics, "imposter_delivery_enqueue_to_send_seconds_count") >= 2);
        Assert.Contains("imposter_delivery_depth{", metrics, StringComparison.Ordinal);
        Assert.True(Sample(metrics, "http_server_request_duration_seconds_count", ("http_route", "/api/external/users/{user_id}/sandbox/inbound")) >= 3);
        // Counts, durations and outcomes only: no message text and no user id is ever a label.
        Assert.DoesNotContain("coming tonight", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("See you at seven", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain($"\"{Ann}\"", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_administrators_and_the_scraper_with_its_token_read_metrics()
    {
        await using var app = App();
        var admin = await app.AdminClientAsync();
        await app.CreateAccountAsync("bob", "Bob-Passw0rd!!");
        var bob = await app.SignedInClientAsync("bob", "Bob-Passw0rd!!", "10.0.0.2");
        var adminToken = app.TokenClient(await app.CreateTokenAsync(ImposterApp.AdminId));
        var bobsToken = app.TokenClient(await app.CreateTokenAsync("bob"));

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/metrics", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await adminToken.GetAsync("/metrics", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Scraper(app, ScrapeToken).GetAsync("/metrics", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync("/metrics", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bobsToken.GetAsync("/metrics", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient("10.0.0.3").GetAsync("/metrics", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Scraper(app, ScrapeToken[..^1] + "x").GetAsync("/metrics", Ct)).StatusCode);
        // The scrape token opens /metrics and nothing else.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Scraper(app, ScrapeToken).GetAsync("/api/external/users", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_scrape_is_not_taken_for_a_failed_api_token_sign_in()
    {
        var logs = new CapturedLogs();
        await using var app = new ImposterApp(new Dictionary<string, string> { ["Telemetry:MetricsScrapeToken"] = ScrapeToken })
        {
            ConfigureServices = services => services.AddLogging(logging => logging.AddProvider(logs)),
        };

        Assert.Equal(HttpStatusCode.OK, (await Scraper(app, ScrapeToken).GetAsync("/metrics", Ct)).StatusCode);

        // Prometheus scrapes every 15 s: a line per scrape saying a token failed would bury the ones that matter.
        Assert.DoesNotContain(logs.Entries, entry => entry.Contains("Failure message", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_configured_token_no_bearer_text_reads_metrics()
    {
        await using var app = new ImposterApp();
        Assert.Equal(HttpStatusCode.Unauthorized, (await Scraper(app, ScrapeToken).GetAsync("/metrics", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Scraper(app, "").GetAsync("/metrics", Ct)).StatusCode);
    }

    // Dana's message with the given id into Ann's sandbox; true when the host knew it already (a replay).
    private static async Task<bool> InboundAsync(HttpClient client, string messageId, string text)
    {
        var response = await client.PostAsJsonAsync($"/api/external/users/{Ann}/sandbox/inbound",
            new { message_id = messageId, correspondent_id = AutoReplyBots.Dana, display_name = "Dana", text }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (bool)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["duplicate"]!;
    }

    private static HttpClient Scraper(ImposterApp app, string token)
    {
        var client = app.CreateClient("10.0.0.9");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
