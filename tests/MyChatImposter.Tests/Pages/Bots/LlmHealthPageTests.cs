using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MyChatImposter.Llm;

namespace MyChatImposter.Tests.Pages.Bots;

// A bot's LLM failure is visible to its owner: on the dashboard (and its polled status API) and the bot page.
public sealed class LlmHealthPageTests : IAsyncLifetime
{
    private const string Ann = "ann";
    private const string Failure = "The LLM call failed after 3 attempts: server error (HTTP 503).";
    private readonly ImposterApp _app = new();
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        await _app.SaveBotAsync(Ann);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private LlmHealth Health => _app.Service<LlmHealth>();

    // Pages write times in UTC to the second.
    private static string Shown(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy'-'MM'-'dd HH':'mm':'ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC";

    [Fact]
    public async Task Before_any_call_the_bot_shows_no_call_yet()
    {
        var dashboard = await HtmlPage.GetAsync(_admin, "/");
        var status = await _admin.GetFromJsonAsync<JsonObject>("/api/external/users/status", Ct);

        Assert.Contains($"<td class=\"llm llm-none\" data-llm-for=\"{Ann}\">no call yet</td>", dashboard);
        Assert.Null(status!["configurations"]![0]!["llm"]);
    }

    [Fact]
    public async Task A_failure_shows_on_the_dashboard_the_status_api_and_the_bot_page()
    {
        var answeredAt = _app.Time.GetUtcNow();
        Health.Succeeded(Ann, answeredAt);
        _app.Time.Advance(TimeSpan.FromMinutes(3));
        Health.Failed(Ann, _app.Time.GetUtcNow(), Failure);
        var failedAt = Shown(_app.Time.GetUtcNow());
        var expected = $"failed {failedAt}: {Failure} · last answer {Shown(answeredAt)}";

        var dashboard = await HtmlPage.GetAsync(_admin, "/");
        var details = await HtmlPage.GetAsync(_admin, $"/bots/{Ann}");
        var status = await _admin.GetFromJsonAsync<JsonObject>("/api/external/users/status", Ct);

        Assert.Contains($"<td class=\"llm llm-failing\" data-llm-for=\"{Ann}\">{expected}</td>", HtmlPage.Text(dashboard));
        Assert.Contains($"<td id=\"llm-health\" class=\"llm-failing\">{expected}</td>", HtmlPage.Text(details));
        var llm = status!["configurations"]![0]!["llm"]!;
        Assert.Equal("failing", (string?)llm["state"]);
        Assert.Equal(Failure, (string?)llm["last_failure"]);
        Assert.Equal(_app.Time.GetUtcNow(), llm["last_failure_at"]!.GetValue<DateTimeOffset>());
        Assert.Equal(answeredAt, llm["last_success_at"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task A_bot_that_answers_again_shows_ok()
    {
        Health.Failed(Ann, _app.Time.GetUtcNow(), Failure);
        Health.Succeeded(Ann, _app.Time.GetUtcNow());

        var details = await HtmlPage.GetAsync(_admin, $"/bots/{Ann}");

        Assert.Contains($"<td id=\"llm-health\" class=\"llm-ok\">ok · last answer {Shown(_app.Time.GetUtcNow())}</td>", HtmlPage.Text(details));
    }

    [Fact]
    public async Task The_owner_sees_the_failure_of_their_own_bot_only()
    {
        await _app.SaveBotAsync(BotPages.Bob);
        Health.Failed(Ann, _app.Time.GetUtcNow(), Failure);
        Health.Failed(BotPages.Bob, _app.Time.GetUtcNow(), "rate limited by the server (HTTP 429)");
        var bob = await _app.BobClientAsync();

        var status = await bob.GetFromJsonAsync<JsonObject>("/api/external/users/status", Ct);

        var entry = Assert.Single(status!["configurations"]!.AsArray());
        Assert.Equal(BotPages.Bob, (string?)entry!["user_id"]);
        Assert.Equal("rate limited by the server (HTTP 429)", (string?)entry["llm"]!["last_failure"]);
    }

    [Fact]
    public async Task Deleting_the_bot_forgets_its_health()
    {
        Health.Failed(Ann, _app.Time.GetUtcNow(), Failure);

        await _admin.DeleteAsync($"/api/external/users/{Ann}", Ct);

        Assert.Null(Health.For(Ann));
    }
}
