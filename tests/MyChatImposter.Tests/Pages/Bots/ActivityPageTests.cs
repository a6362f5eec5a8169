using System.Globalization;
using MyChatImposter.Activity;

namespace MyChatImposter.Tests.Pages.Bots;

// /bots/{user_id}/activity and the 7-day summary on the dashboard and the bot's page: the counts (those not
// yet written included), said in words, for the owner only.
public sealed class ActivityPageTests : IAsyncLifetime
{
    private const string Ann = "ann";
    private readonly ImposterApp _app = new();
    private HttpClient _bob = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _app.SaveBotAsync(Ann);
        await _app.SaveBotAsync(BotPages.Bob, ConfigurationDocuments.Valid(BotPages.Bob).With("configurations.user_details.timezone", "Asia/Tokyo"));
        _bob = await _app.BobClientAsync();
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private BotActivityRecorder Recorder => _app.Service<BotActivityRecorder>();

    private DateTimeOffset ThisHour => BotActivityHour.HourOf(_app.Time.GetUtcNow());

    // Bob's bot: 4 messages two hours ago (written), 3 more and 2 replies this hour (counted, not yet written).
    private async Task BobsWeekAsync()
    {
        await _app.Service<IBotActivityStore>().AddAsync(
            [new BotActivityHour(BotPages.Bob, ThisHour.AddHours(-2), new ActivityCounts { Received = 4, Sent = 4 })], Ct);
        Recorder.Received(BotPages.Bob, 3);
        Recorder.Sent(BotPages.Bob);
        Recorder.Sent(BotPages.Bob);
        Recorder.LlmCalled(BotPages.Bob, TimeSpan.FromMilliseconds(1_200), failed: false);
        Recorder.LlmCalled(BotPages.Bob, TimeSpan.FromMilliseconds(400), failed: true);
        Recorder.Received(Ann, 50);
    }

    [Fact]
    public async Task The_owner_sees_the_weeks_charts_in_words_and_numbers_including_what_is_not_yet_written()
    {
        await BobsWeekAsync();

        var html = HtmlPage.Text(await HtmlPage.GetAsync(_bob, "/bots/bob/activity"));

        Assert.Contains("in Asia/Tokyo time", html);
        Assert.Contains("<strong id=\"received-total\">7</strong>", html);
        Assert.Contains("<strong id=\"sent-total\">6</strong>", html);
        var busiest = TimeZoneInfo.ConvertTime(ThisHour.AddHours(-2), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"))
            .ToString("ddd HH:mm", CultureInfo.InvariantCulture);
        Assert.Contains($"Messages received per hour, last 7 days: 7 in all, busiest {busiest} with 4</title>", html);
        Assert.Contains("LLM errors per hour, last 7 days: 1 in all", html);
        Assert.Contains("Average LLM latency per hour, last 7 days: highest", html);
        Assert.Contains("with 800 ms</title>", html);
        Assert.Contains("Delivery failures per hour, last 7 days: none</title>", html);
        Assert.Equal(7, html.Split("<svg class=\"chart").Length - 1);
        // The table: this hour and the one two hours ago, newest first, with the rough p95 of the two calls.
        Assert.Contains("<td>3</td><td>2</td>", html);
        Assert.Contains("<td>800 ms</td>", html);
        Assert.Contains("<td>≤ 2 s</td>", html);
        Assert.True(html.IndexOf("<td>3</td><td>2</td>", StringComparison.Ordinal) < html.IndexOf("<td>4</td><td>4</td>", StringComparison.Ordinal));
        Assert.DoesNotContain("50", html.Split("<details")[1].Split("</details>")[0]);
    }

    [Fact]
    public async Task A_week_without_activity_says_so()
    {
        var html = HtmlPage.Text(await HtmlPage.GetAsync(_bob, "/bots/bob/activity"));

        Assert.Contains("Messages received per hour, last 7 days: none", html);
        Assert.Contains("id=\"no-activity\"", html);
    }

    [Fact]
    public async Task Another_users_activity_is_refused()
    {
        await BobsWeekAsync();

        BotPages.AssertAccessDenied(await _bob.GetAsync("/bots/ann/activity", Ct));
    }

    [Fact]
    public async Task The_dashboard_and_the_bots_page_show_the_weeks_totals_and_lead_to_the_activity_page()
    {
        await BobsWeekAsync();

        var dashboard = HtmlPage.Text(await HtmlPage.GetAsync(_bob, "/"));
        var details = HtmlPage.Text(await HtmlPage.GetAsync(_bob, "/bots/bob"));

        foreach (var html in new[] { dashboard, details })
        {
            Assert.Contains("<a class=\"activity-summary\" id=\"activity-summary-bob\" href=\"/bots/bob/activity\">", html);
            Assert.Contains("aria-label=\"Last 7 days: 7 message(s) received, 6 sent\"", html);
            Assert.Contains("7 in</span> · <span class=\"series-2-key\">6 out", html);
        }
        Assert.DoesNotContain("activity-summary-ann", dashboard);
        Assert.Contains("id=\"bot-nav-activity\" href=\"/bots/bob/activity\"", details);
        var admin = HtmlPage.Text(await HtmlPage.GetAsync(await _app.AdminClientAsync(), "/"));
        Assert.Contains("aria-label=\"Last 7 days: 50 message(s) received, 0 sent\"", admin);
    }
}
