using System.Net;
using System.Text.RegularExpressions;
using MyChatImposter.Accounts;
using MyChatImposter.Audit;

namespace MyChatImposter.Tests.Pages.Audit;

// /audit: filters in a GET form, newest first, paging to older rows.
public sealed partial class AuditPageTests : IAsyncLifetime
{
    private const string Carol = "carol";
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly ImposterApp _app = new();
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Five "link" events for carol, one minute apart, numbered n=0..4 in the order they happened.
    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        var store = _app.Service<IAuditLogStore>();
        for (var n = 0; n < 5; n++)
        {
            await store.AppendAsync(new AuditEvent(Start.AddMinutes(n), AuditEvents.Link, ImposterApp.AdminId, Carol,
                "10.0.0.1", "test-agent", new Dictionary<string, string> { ["n"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture) }), Ct);
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task The_admin_sees_the_log_newest_first_with_details()
    {
        var html = await HtmlPage.GetAsync(_admin, "/audit");

        Assert.Equal(new[] { 4, 3, 2, 1, 0 }, Numbers(html));
        Assert.Contains("2026-03-01 10:04:00 UTC", html);
        Assert.Contains("<code>n=4</code>", html);
        Assert.Contains(AuditEvents.LoginSuccess, html);
        Assert.True(html.IndexOf("<code>n=4</code>", StringComparison.Ordinal) > html.IndexOf(">login_success<", StringComparison.Ordinal),
            "rows appended later come first");
        Assert.DoesNotContain("id=\"older\"", html);
    }

    [Fact]
    public async Task A_regular_user_is_sent_to_access_denied()
    {
        await _app.CreateAccountAsync("bob", "Bob-Passw0rd!!");
        var bob = await _app.SignedInClientAsync("bob", "Bob-Passw0rd!!", "10.0.0.2");

        var response = await bob.GetAsync("/audit", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/access-denied", response.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync(response.Headers.Location, Ct)).StatusCode);
    }

    [Fact]
    public async Task The_filter_form_narrows_by_event_user_and_time_read_as_utc()
    {
        var form = HtmlForm.Find(await HtmlPage.GetAsync(_admin, "/audit"), "audit-filter", "/audit");
        Assert.Equal(new[] { "event", "from", "size", "to", "user" }, form.Fields.Keys.Order(StringComparer.Ordinal));
        form.Fields["event"] = AuditEvents.Link;
        form.Fields["user"] = Carol;
        form.Fields["from"] = "2026-03-01T10:01";
        form.Fields["to"] = "2026-03-01T10:03";

        var html = await HtmlPage.GetAsync(_admin, "/audit?" + Query(form.Fields));

        Assert.Equal(new[] { 3, 2, 1 }, Numbers(html));
        Assert.Contains("<option value=\"link\" selected=\"selected\">", html);
        Assert.Contains("value=\"2026-03-01T10:01\"", html);
        var nobody = await HtmlPage.GetAsync(_admin, "/audit?user=nobody");
        Assert.Empty(Numbers(nobody));
        Assert.Contains("id=\"no-events\"", nobody);
    }

    [Fact]
    public async Task Older_pages_follow_from_the_last_rows_id_and_keep_the_filters()
    {
        var first = await HtmlPage.GetAsync(_admin, "/audit?event=link&size=2");
        Assert.Equal(new[] { 4, 3 }, Numbers(first));

        var second = await HtmlPage.GetAsync(_admin, Link(first, "older"));
        Assert.Equal(new[] { 2, 1 }, Numbers(second));
        Assert.Equal("/audit?event=link&size=2", Link(second, "newest"));

        var third = await HtmlPage.GetAsync(_admin, Link(second, "older"));
        Assert.Equal(new[] { 0 }, Numbers(third));
        Assert.DoesNotContain("id=\"older\"", third);
    }

    [Theory]
    [InlineData("from=yesterday", "From", "Enter a date and time such as 2026-05-01T14:30 (UTC).")]
    [InlineData("to=2026-13-01T10:00", "To", "Enter a date and time such as 2026-05-01T14:30 (UTC).")]
    [InlineData("from=2026-03-01T11:00&to=2026-03-01T10:00", "To", "The end lies before the start.")]
    [InlineData("size=0", "Size", "Choose a page size from 1 to 500.")]
    [InlineData("size=501", "Size", "Choose a page size from 1 to 500.")]
    [InlineData("size=ten", "Size", "Choose a page size from 1 to 500.")]
    [InlineData("event=made_up", "EventType", "Choose an event type from the list.")]
    [InlineData("before=not-an-id", "", "The paging position is not valid; start again from the newest events.")]
    public async Task An_invalid_filter_shows_a_message_beside_its_field(string query, string field, string expected)
    {
        var response = await _admin.GetAsync("/audit?" + query, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.ReadAsync();
        Assert.Equal(new[] { expected }, HtmlPage.FieldErrors(html, field));
        Assert.Empty(Numbers(html));
    }

    private static List<int> Numbers(string html) =>
        [.. NumberPattern().Matches(html).Select(match => int.Parse(match.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture))];

    private static string Link(string html, string id)
    {
        var anchor = Regex.Match(html, $"<a\\b(?<attributes>[^>]*\\bid=\"{id}\"[^>]*)>");
        Assert.True(anchor.Success, $"no link '{id}'");
        return HtmlForm.Attributes(anchor.Groups["attributes"].Value)["href"];
    }

    private static string Query(IEnumerable<KeyValuePair<string, string>> fields) =>
        string.Join("&", fields.Select(field => $"{Uri.EscapeDataString(field.Key)}={Uri.EscapeDataString(field.Value)}"));

    [GeneratedRegex("<code>n=(?<n>[0-9])</code>")]
    private static partial Regex NumberPattern();
}
