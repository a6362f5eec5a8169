using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MyChatImposter.ChatProviders.Sandbox;
using MyChatImposter.GroupTracking;

namespace MyChatImposter.Tests.Pages.Bots;

// /bots/{user_id}/tracking: schedules in words with their next runs in the user's zone, period history,
// Run now; and the Edit page helpers' JSON handlers (the session's groups, a cron's next occurrences).
public sealed partial class TrackingPageTests : IAsyncLifetime
{
    private const string Ann = "ann";
    private const string Parents = "120363000000000000@g.us";
    private const string Team = "120363000000000002@g.us";
    private const string TrackingPage = "/bots/ann/tracking";
    // Tuesday 12 January 2027, 12:00 UTC = 13:00 in Paris (winter time, UTC+1). After the real clock, so the
    // admin's login (issued on the fake clock) is not already expired for it.
    private static readonly DateTimeOffset Noon = new(2027, 1, 12, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(30);

    private readonly ImposterApp _app = new() { Time = new(Noon) };
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _admin = await _app.AdminClientAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    // Ann in Paris tracking Parents daily at 20:00 and Team on Mondays at 09:00 (and whatever else is given).
    private static JsonObject Bot(bool enabled = true, params JsonObject[] more) =>
        ConfigurationDocuments.Valid(Ann)
            .With("features.periodic_group_tracking.enabled", enabled)
            .With("features.periodic_group_tracking.tracked_groups", new JsonArray(
            [
                Group(Parents, "0 20 * * *", "Parents"),
                Group(Team, "0 9 * * 1", "Team"),
                .. more,
            ]));

    private static JsonObject Group(string id, string cron, string name) =>
        new() { ["groupIdentifier"] = id, ["cronTrackingSchedule"] = cron, ["displayName"] = name };

    private static string Section(string html, int index)
    {
        var start = html.IndexOf($"<section id=\"group-{index}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section group-{index}");
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    private static List<string> Items(string html, string listId)
    {
        var list = Regex.Match(html, $"<ol id=\"{listId}\">(.*?)</ol>", RegexOptions.Singleline);
        Assert.True(list.Success, $"no list {listId}");
        return [.. ListItem().Matches(list.Groups[1].Value).Select(item => WebUtility.HtmlDecode(item.Groups[1].Value))];
    }

    private static string? LinkWithId(string html, string id) =>
        Anchor().Matches(html).Select(anchor => HtmlForm.Attributes(anchor.Groups[1].Value))
            .FirstOrDefault(attributes => attributes.GetValueOrDefault("id") == id)?.GetValueOrDefault("href");

    private static List<List<string>> Rows(string html) =>
        [.. TableRow().Matches(html).Select(row => TableCell().Matches(row.Groups[1].Value)
            .Select(cell => WebUtility.HtmlDecode(cell.Groups[1].Value).Trim()).ToList())];

    [Fact]
    public async Task The_bot_page_links_to_tracking_which_lists_each_group_with_its_next_five_runs_in_the_users_zone()
    {
        await _app.SaveBotAsync(Ann, Bot());

        var details = await HtmlPage.GetAsync(_admin, "/bots/ann");
        var html = await HtmlPage.GetAsync(_admin, TrackingPage);

        Assert.Equal(TrackingPage, LinkWithId(details, "bot-nav-tracking"));
        Assert.Contains($"<td id=\"group-tracking\"><a href=\"{TrackingPage}\">on, 2 group(s)</a></td>", details);
        Assert.Contains("Tracking is <strong>on</strong>", html);
        Assert.Contains("<strong id=\"zone\">Europe/Paris</strong>", html);
        var parents = Section(html, 0);
        Assert.Contains($"<code class=\"muted\">{Parents}</code>", parents);
        Assert.Contains("Runs every day at 20:00 (<code>0 20 * * *</code>)", parents);
        Assert.Equal(
            ["Tue 2027-01-12 20:00 Europe/Paris", "Wed 2027-01-13 20:00 Europe/Paris", "Thu 2027-01-14 20:00 Europe/Paris",
             "Fri 2027-01-15 20:00 Europe/Paris", "Sat 2027-01-16 20:00 Europe/Paris"],
            Items(parents, "next-runs-0"));
        var team = Section(html, 1);
        Assert.Contains("Runs Mondays at 09:00 (<code>0 9 * * 1</code>)", team);
        Assert.Equal(
            ["Mon 2027-01-18 09:00 Europe/Paris", "Mon 2027-01-25 09:00 Europe/Paris", "Mon 2027-02-01 09:00 Europe/Paris",
             "Mon 2027-02-08 09:00 Europe/Paris", "Mon 2027-02-15 09:00 Europe/Paris"],
            Items(team, "next-runs-1"));
        Assert.Contains("id=\"no-periods-0\"", parents);
        Assert.Contains("id=\"run-0\"", parents);
    }

    [Fact]
    public async Task An_invalid_schedule_shows_its_problem_instead_of_runs()
    {
        await _app.SaveBotAsync(Ann, Bot(true, Group("120363000000000009@g.us", "61 25 * * *", "Broken")));

        var broken = Section(await HtmlPage.GetAsync(_admin, TrackingPage), 2);

        Assert.Contains("id=\"schedule-problem-2\"", broken);
        Assert.Contains("must be a five-field cron expression", HtmlPage.Text(broken));
        Assert.DoesNotContain("next-runs-2", broken);
    }

    [Fact]
    public async Task The_period_history_shows_the_latest_periods_newest_first_with_the_failed_ones_error()
    {
        await _app.SaveBotAsync(Ann, Bot());
        var store = _app.Service<ITrackedPeriodStore>();
        // Daily windows ending at 20:00 Paris = 19:00 UTC.
        var day = new DateTimeOffset(2027, 1, 9, 19, 0, 0, TimeSpan.Zero);
        await store.UpsertAsync(Period(day.AddDays(-1), day, PeriodStatus.Delivered, messages: 12, items: 2, attempts: 1, error: null), Ct);
        await store.UpsertAsync(Period(day, day.AddDays(1), PeriodStatus.Empty, messages: 0, items: 0, attempts: 1, error: null), Ct);
        await store.UpsertAsync(Period(day.AddDays(1), day.AddDays(2), PeriodStatus.Failed, messages: 5, items: 0, attempts: 3,
            error: "the answer was not valid JSON"), Ct);
        await store.UpsertAsync(Period(day, day.AddDays(1), PeriodStatus.Delivered, messages: 1, items: 1, attempts: 1, error: null) with
        {
            GroupId = Team, PeriodEnd = day.AddHours(1),
        }, Ct);

        var parents = Section(await HtmlPage.GetAsync(_admin, TrackingPage), 0);

        Assert.Equal(
        [
            ["Sun 2027-01-10 20:00 Europe/Paris → Mon 2027-01-11 20:00 Europe/Paris", "failed", "5", "0", "3", "the answer was not valid JSON"],
            ["Sat 2027-01-09 20:00 Europe/Paris → Sun 2027-01-10 20:00 Europe/Paris", "empty", "0", "0", "1", "–"],
            ["Fri 2027-01-08 20:00 Europe/Paris → Sat 2027-01-09 20:00 Europe/Paris", "delivered", "12", "2", "1", "–"],
        ],
            Rows(parents));
    }

    private static TrackedPeriod Period(
        DateTimeOffset start, DateTimeOffset end, PeriodStatus status, int messages, int items, int attempts, string? error) =>
        new(Ann, Parents, "Parents", start, end, status, messages, items, attempts, error, end, end);

    [Fact]
    public async Task Run_now_starts_a_run_and_says_so_beside_the_button()
    {
        await _app.SaveBotAsync(Ann, Bot());
        var finished = new TaskCompletionSource<(string, string)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _app.Service<GroupTrackingRunner>().RunNowFinished += (userId, groupId, _) => finished.TrySetResult((userId, groupId));

        var run = await HtmlForm.GetAsync(_admin, TrackingPage, "run-0");
        var after = await (await run.PostAsync(_admin)).FollowRedirectAsync(_admin, TrackingPage);

        Assert.Equal((Ann, Parents), await finished.Task.WaitAsync(SignalTimeout, Ct));
        var message = RunMessage().Match(Section(after, 0));
        Assert.True(message.Success, "no message beside the button");
        Assert.StartsWith("Run started for Parents: missed periods first, then up to now.", WebUtility.HtmlDecode(message.Groups[1].Value));
        Assert.DoesNotContain("run-message-1", after);
    }

    [Fact]
    public async Task Run_now_refuses_with_the_apis_messages_when_tracking_is_off_or_the_group_is_not_tracked()
    {
        await _app.SaveBotAsync(Ann, Bot(enabled: false));

        var off = await (await (await HtmlForm.GetAsync(_admin, TrackingPage, "run-1")).PostAsync(_admin)).FollowRedirectAsync(_admin, TrackingPage);
        var form = await HtmlForm.GetAsync(_admin, TrackingPage, "run-1");
        form.Fields["group"] = "999@g.us";
        var untracked = await (await form.PostAsync(_admin)).FollowRedirectAsync(_admin, TrackingPage);

        Assert.Contains("Tracking is <strong>off</strong>", off);
        Assert.Equal(
            "Not run: Periodic group tracking is not enabled for 'ann'; enable it in the configuration first.",
            WebUtility.HtmlDecode(RunMessage().Match(Section(off, 1)).Groups[1].Value));
        Assert.Equal("Nothing run: '999@g.us' is not among the tracked groups of 'ann'.", HtmlPage.Message(untracked));
        Assert.DoesNotContain("run-message-", untracked);
    }

    [Fact]
    public async Task A_stranger_is_refused_the_page_its_run_and_its_json_handlers()
    {
        await _app.SaveBotAsync(Ann, Bot());
        await _app.SaveBotAsync(BotPages.Bob);
        var bob = await _app.BobClientAsync();
        var bobsRun = await HtmlForm.GetAsync(bob, "/bots/bob/tracking", "run-0");

        BotPages.AssertAccessDenied(await bob.GetAsync(TrackingPage, Ct));
        BotPages.AssertAccessDenied(await bob.GetAsync($"{TrackingPage}/groups", Ct));
        BotPages.AssertAccessDenied(await bob.GetAsync($"{TrackingPage}/preview?cron=0+20+*+*+*", Ct));
        var ownForm = new FormUrlEncodedContent(bobsRun.Fields);
        BotPages.AssertAccessDenied(await bob.PostAsync($"{TrackingPage}/run", ownForm, Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/bots/nobody/tracking", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_preview_gives_a_crons_next_five_occurrences_in_the_bots_zone_or_its_problem()
    {
        await _app.SaveBotAsync(Ann, Bot());

        var valid = await _admin.GetAsync($"{TrackingPage}/preview?cron={Uri.EscapeDataString("30 7 * * 1-5")}", Ct);
        var invalid = await _admin.GetAsync($"{TrackingPage}/preview?cron={Uri.EscapeDataString("30 7 * *")}", Ct);
        var never = await _admin.GetAsync($"{TrackingPage}/preview?cron={Uri.EscapeDataString("0 0 31 2 *")}", Ct);
        var missing = await _admin.GetAsync($"{TrackingPage}/preview", Ct);

        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        var body = JsonNode.Parse(await valid.ReadAsync())!;
        Assert.Equal("Europe/Paris", (string?)body["zone"]);
        Assert.Null(body["problem"]);
        // Weekdays at 07:30 Paris = 06:30 UTC, from Wednesday 13 January (Tuesday's is past).
        Assert.Equal(
            ["2027-01-13T06:30:00+00:00", "2027-01-14T06:30:00+00:00", "2027-01-15T06:30:00+00:00", "2027-01-18T06:30:00+00:00", "2027-01-19T06:30:00+00:00"],
            body["occurrences"]!.AsArray().Select(occurrence => (string?)occurrence!["utc"]));
        Assert.Equal("Wed 2027-01-13 07:30 Europe/Paris", (string?)body["occurrences"]![0]!["local"]);
        foreach (var (response, problem) in new[] { (invalid, "must be a five-field cron expression"), (never, "never fires"), (missing, "must be a five-field") })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var refused = JsonNode.Parse(await response.ReadAsync())!;
            Assert.StartsWith(problem, (string?)refused["problem"]);
            Assert.Empty(refused["occurrences"]!.AsArray());
        }
    }

    [Fact]
    public async Task The_groups_handler_lists_the_live_sessions_groups_or_says_there_is_no_session()
    {
        await _app.SaveBotAsync(Ann, Bot());

        var none = await _admin.GetAsync($"{TrackingPage}/groups", Ct);
        await _app.LinkBotAsync(Ann);
        _app.Service<SandboxWorld>().SetGroups(Ann, [new("work@g.us", "Work"), new("family@g.us", "Family")]);
        var listed = await _admin.GetAsync($"{TrackingPage}/groups", Ct);

        Assert.Equal(HttpStatusCode.Conflict, none.StatusCode);
        Assert.Equal("'ann' has no live session; link it to list its groups.", (string?)JsonNode.Parse(await none.ReadAsync())!["problem"]);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal("""[{"id":"family@g.us","subject":"Family"},{"id":"work@g.us","subject":"Work"}]""",
            JsonSerializer.Serialize(JsonNode.Parse(await listed.ReadAsync())));
    }

    [Fact]
    public async Task The_edit_page_offers_the_tracking_helper_with_its_script()
    {
        await _app.SaveBotAsync(Ann, Bot());

        var html = await HtmlPage.GetAsync(_admin, "/bots/ann/edit");

        Assert.Contains("data-groups-url=\"/bots/ann/tracking/Groups\"", html);
        Assert.Contains("data-preview-url=\"/bots/ann/tracking/Preview\"", html);
        Assert.Matches("<script src=\"/js/tracking.js\\?v=[^\"]+\"></script>", html);
    }

    [GeneratedRegex("<a ([^>]*)>")]
    private static partial Regex Anchor();

    [GeneratedRegex("<li>(.*?)</li>", RegexOptions.Singleline)]
    private static partial Regex ListItem();

    [GeneratedRegex("<tr>\\s*(<td.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex TableRow();

    [GeneratedRegex("<td[^>]*>(.*?)</td>", RegexOptions.Singleline)]
    private static partial Regex TableCell();

    [GeneratedRegex("<span id=\"run-message-\\d+\" role=\"status\">(.*?)</span>", RegexOptions.Singleline)]
    private static partial Regex RunMessage();
}
