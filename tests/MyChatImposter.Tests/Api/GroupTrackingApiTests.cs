using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MyChatImposter.ChatProviders;
using MyChatImposter.GroupTracking;
using MyChatImposter.Pipeline;
using MyChatImposter.Tests.Pages.Bots;

namespace MyChatImposter.Tests.Api;

// GET and DELETE /api/external/features/periodic_group_tracking/trackedGroupMessages/{user_id}[/{group_id}]
// (spec/08 §4): the original's period documents with their messages read from the archive, and deletes that work.
public sealed class GroupTrackingApiTests : IAsyncLifetime
{
    private const string Path = "/api/external/features/periodic_group_tracking/trackedGroupMessages";
    private const string Ann = "ann";
    // The group ConfigurationDocuments.Valid tracks, named "Parents" there.
    private const string Parents = "120363000000000000@g.us";
    private const string Work = "120363099999999999@g.us";
    private static readonly DateTimeOffset Day = new(2026, 3, 1, 20, 0, 0, TimeSpan.Zero);

    private readonly ImposterApp _app = new();
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ITrackedPeriodStore Periods => _app.Service<ITrackedPeriodStore>();

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        await _app.SaveBotAsync(Ann);
        await _app.SaveBotAsync(BotPages.Bob);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    // The day's period ending at Day + days.
    private Task<TrackedPeriod> SeedPeriodAsync(
        string groupId, int days, string userId = Ann, string displayName = "Parents", PeriodStatus status = PeriodStatus.Delivered,
        int messageCount = 0, string? lastError = null) =>
        Periods.UpsertAsync(new TrackedPeriod(
            userId, groupId, displayName, Day.AddDays(days - 1), Day.AddDays(days), status, messageCount, 1, 2, lastError,
            Day.AddDays(days).AddSeconds(30), Day.AddDays(days).AddSeconds(40)), Ct);

    private Task SeedMessagesAsync(string groupId, params (long Id, DateTimeOffset? Originating, DateTimeOffset Accepted)[] messages) =>
        _app.Service<IMessageArchive>().AppendAsync([.. messages.Select(m => new ArchivedMessage(
            Ann, "sandbox", groupId, m.Id, $"p-{m.Id}", $"message {m.Id}",
            new ChatParty("972501234567@s.whatsapp.net", "Dana", ["123@lid"]), MessageSource.User, m.Accepted, m.Originating,
            new ChatGroup(groupId, "Parents (from the chat)", [])))], Ct);

    private async Task<JsonArray> GetAsync(string path, HttpClient? client = null)
    {
        var response = await (client ?? _admin).GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonArray>(Ct))!;
    }

    [Fact]
    public async Task A_period_has_the_originals_fields_and_its_windows_messages()
    {
        var period = await SeedPeriodAsync(Parents, 0, status: PeriodStatus.Failed, messageCount: 2, lastError: "LLM timeout");
        await SeedMessagesAsync(Parents,
            (1, Day.AddDays(-1), Day.AddDays(-1)),                    // at the window's start: the previous period's
            (2, Day.AddHours(-2), Day.AddHours(-2).AddSeconds(1)),
            (3, null, Day),                                           // at the window's end, no originating time: in
            (4, Day.AddMilliseconds(1), Day.AddMilliseconds(2)));     // the next period's

        var document = Assert.Single(await GetAsync($"{Path}/{Ann}"))!.AsObject();

        Assert.Equal(
            ["_id", "user_id", "tracked_group_unique_identifier", "periodStart", "periodEnd", "messageCount", "createdAt", "messages",
                "display_name", "status", "item_count", "attempts", "last_error"],
            document.Select(field => field.Key));
        Assert.Equal(period.Id, (string?)document["_id"]);
        Assert.Equal(Ann, (string?)document["user_id"]);
        Assert.Equal(Parents, (string?)document["tracked_group_unique_identifier"]);
        Assert.Equal(Day.AddDays(-1).ToUnixTimeMilliseconds(), (long)document["periodStart"]!);
        Assert.Equal(Day.ToUnixTimeMilliseconds(), (long)document["periodEnd"]!);
        Assert.Equal(2, (int)document["messageCount"]!);
        Assert.Equal(Day.AddSeconds(30), DateTimeOffset.Parse((string)document["createdAt"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Parents", (string?)document["display_name"]);
        Assert.Equal("failed", (string?)document["status"]);
        Assert.Equal(1, (int)document["item_count"]!);
        Assert.Equal(2, (int)document["attempts"]!);
        Assert.Equal("LLM timeout", (string?)document["last_error"]);

        var messages = document["messages"]!.AsArray();
        Assert.Equal(["message 2", "message 3"], messages.Select(m => (string?)m!["message"]));
        var first = messages[0]!.AsObject();
        Assert.Equal(["sender", "message", "accepted_time", "originating_time", "provider_message_id"], first.Select(field => field.Key));
        Assert.Equal("972501234567@s.whatsapp.net", (string?)first["sender"]!["identifier"]);
        Assert.Equal("Dana", (string?)first["sender"]!["display_name"]);
        Assert.Equal(["123@lid"], first["sender"]!["alternate_identifiers"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(Day.AddHours(-2).AddSeconds(1).ToUnixTimeMilliseconds(), (long)first["accepted_time"]!);
        Assert.Equal(Day.AddHours(-2).ToUnixTimeMilliseconds(), (long)first["originating_time"]!);
        Assert.Equal("p-2", (string?)first["provider_message_id"]);
        Assert.Null(messages[1]!["originating_time"]);
    }

    [Fact]
    public async Task Periods_are_newest_period_end_first_and_filtered_by_group()
    {
        await SeedPeriodAsync(Parents, 1);
        await SeedPeriodAsync(Work, 3, displayName: "Work");
        await SeedPeriodAsync(Parents, 2);
        await SeedPeriodAsync(Parents, 5, userId: BotPages.Bob);

        var all = await GetAsync($"{Path}/{Ann}");
        var parents = await GetAsync($"{Path}/{Ann}/{Parents}");

        Assert.Equal(
            [(Work, Day.AddDays(3)), (Parents, Day.AddDays(2)), (Parents, Day.AddDays(1))],
            all.Select(p => ((string?)p!["tracked_group_unique_identifier"], DateTimeOffset.FromUnixTimeMilliseconds((long)p["periodEnd"]!))));
        Assert.Equal([Day.AddDays(2), Day.AddDays(1)], parents.Select(p => DateTimeOffset.FromUnixTimeMilliseconds((long)p!["periodEnd"]!)));
        Assert.Empty(await GetAsync($"{Path}/{Ann}/unknown@g.us"));
    }

    [Fact]
    public async Task A_period_without_a_name_takes_its_configured_groups_else_the_chats_else_unknown()
    {
        await SeedPeriodAsync(Parents, 1, displayName: "");
        await SeedPeriodAsync(Work, 1, displayName: "");
        await SeedPeriodAsync("120363000000000001@g.us", 1, displayName: "");
        await SeedMessagesAsync(Work, (1, null, Day.AddDays(1)));

        var names = (await GetAsync($"{Path}/{Ann}"))
            .ToDictionary(p => (string)p!["tracked_group_unique_identifier"]!, p => (string?)p!["display_name"]);

        Assert.Equal("Parents", names[Parents]);
        Assert.Equal("Parents (from the chat)", names[Work]);
        Assert.Equal("Unknown Group", names["120363000000000001@g.us"]);
    }

    [Fact]
    public async Task A_period_shows_at_most_1000_messages()
    {
        await SeedPeriodAsync(Parents, 0);
        await SeedMessagesAsync(Parents, [.. Enumerable.Range(1, 1001).Select(i => ((long)i, (DateTimeOffset?)null, Day.AddSeconds(-i)))]);

        var messages = Assert.Single(await GetAsync($"{Path}/{Ann}"))!["messages"]!.AsArray();

        Assert.Equal(1000, messages.Count);
        Assert.Equal("p-1", (string?)messages[0]!["provider_message_id"]);
    }

    [Fact]
    public async Task Deleting_one_group_removes_its_periods_and_progress_only()
    {
        await SeedPeriodAsync(Parents, 1);
        await SeedPeriodAsync(Parents, 2);
        await SeedPeriodAsync(Work, 1);
        await Periods.AdvanceAsync(Ann, Parents, Day.AddDays(2), Ct);
        await Periods.AdvanceAsync(Ann, Work, Day.AddDays(1), Ct);

        var response = await _admin.DeleteAsync($"{Path}/{Ann}/{Parents}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal([Work], (await GetAsync($"{Path}/{Ann}")).Select(p => (string?)p!["tracked_group_unique_identifier"]));
        Assert.Null(await Periods.LastProcessedEndAsync(Ann, Parents, Ct));
        Assert.Equal(Day.AddDays(1), await Periods.LastProcessedEndAsync(Ann, Work, Ct));
        // Again, with nothing left: still done.
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"{Path}/{Ann}/{Parents}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Deleting_all_removes_every_period_and_progress_of_the_user_only()
    {
        await SeedPeriodAsync(Parents, 1);
        await SeedPeriodAsync(Work, 1);
        await SeedPeriodAsync(Parents, 1, userId: BotPages.Bob);
        await Periods.AdvanceAsync(Ann, Parents, Day.AddDays(1), Ct);

        var response = await _admin.DeleteAsync($"{Path}/{Ann}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await GetAsync($"{Path}/{Ann}"));
        Assert.Null(await Periods.LastProcessedEndAsync(Ann, Parents, Ct));
        Assert.Single(await GetAsync($"{Path}/{BotPages.Bob}"));
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"{Path}/{Ann}", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_owner_may_read_and_delete_their_own_and_a_stranger_nothing()
    {
        await SeedPeriodAsync(Parents, 1);
        await SeedPeriodAsync(Parents, 1, userId: BotPages.Bob);
        var bob = await _app.BobClientAsync();
        var anonymous = _app.CreateClient("10.0.0.9");

        Assert.Single(await GetAsync($"{Path}/{BotPages.Bob}", bob));
        Assert.Equal(HttpStatusCode.NoContent, (await bob.DeleteAsync($"{Path}/{BotPages.Bob}/{Parents}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync($"{Path}/{Ann}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync($"{Path}/{Ann}/{Parents}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.DeleteAsync($"{Path}/{Ann}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.DeleteAsync($"{Path}/{Ann}/{Parents}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"{Path}/{Ann}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync($"{Path}/{Ann}", Ct)).StatusCode);
        Assert.Equal(1, await Periods.CountAsync(Ann, Ct));
    }

    [Theory]
    [InlineData("GET", "/not%20valid", HttpStatusCode.BadRequest)]
    [InlineData("DELETE", "/not%20valid/120363@g.us", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/ann/%20%20", HttpStatusCode.BadRequest)]
    [InlineData("DELETE", "/ann/%20", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/nobody", HttpStatusCode.NotFound)]
    [InlineData("GET", "/nobody/120363@g.us", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/nobody", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/nobody/120363@g.us", HttpStatusCode.NotFound)]
    public async Task Bad_ids_and_unknown_bots_are_problem_details(string method, string path, HttpStatusCode status)
    {
        var response = await _admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), Path + path), Ct);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_group_id_longer_than_the_configuration_allows_is_refused()
    {
        var response = await _admin.GetAsync($"{Path}/{Ann}/{new string('1', 201)}@g.us", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("group_id", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
