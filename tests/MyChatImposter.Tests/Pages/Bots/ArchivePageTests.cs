using System.Text.RegularExpressions;
using MyChatImposter.ChatProviders.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.Pipeline;
using MyChatImposter.Tests.Pipeline;

namespace MyChatImposter.Tests.Pages.Bots;

// /bots/{user_id}/archive: correspondents with counts, 50 messages to a page, deletion behind a confirmation.
public sealed partial class ArchivePageTests : IAsyncLifetime
{
    private const string Ann = "ann";
    private const string ArchivePage = "/bots/ann/archive";
    private readonly RecordingFeature _feature = new();
    private readonly ImposterApp _app;
    private HttpClient _admin = null!;

    public ArchivePageTests() =>
        _app = new ImposterApp { ConfigureServices = services => services.AddSingleton<IMessageFeatureFactory>(_feature) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        await _app.SaveBotAsync(Ann);
        await _app.ArchiveAsync(Ann, "alice", 120);
        await _app.ArchiveAsync(Ann, "bob", 3);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static List<long> Ids(string html) => [.. MessageRow().Matches(html).Select(match => long.Parse(match.Groups["id"].Value))];

    // The href of the link with this id, decoded; null when the page has no such link.
    private static string? Link(string html, string id) =>
        Regex.Match(html, $@"<a\b(?<attributes>[^>]*\bid=""{id}""[^>]*)>") is { Success: true } match
            ? HtmlForm.Attributes(match.Groups["attributes"].Value).GetValueOrDefault("href")
            : null;

    [Fact]
    public async Task Correspondents_are_listed_with_their_counts()
    {
        var html = await HtmlPage.GetAsync(_admin, ArchivePage);

        Assert.Matches(@"correspondent=alice"">alice</a></td>\s*<td>120</td>", html);
        Assert.Matches(@"correspondent=bob"">bob</a></td>\s*<td>3</td>", html);
        Assert.Contains("123 message(s) in all.", html);
        Assert.Empty(Ids(html));
    }

    [Fact]
    public async Task A_conversation_opens_on_its_newest_page_and_pages_through_older_and_newer()
    {
        var newest = await HtmlPage.GetAsync(_admin, $"{ArchivePage}?correspondent=alice");

        Assert.Equal(Enumerable.Range(71, 50).Select(id => (long)id), Ids(newest));
        Assert.Contains("message 120 from alice", newest);
        Assert.Contains("<td>user</td>", newest);
        Assert.Matches(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", newest);
        Assert.Null(Link(newest, "newer"));
        var olderUrl = Link(newest, "older");
        Assert.Equal($"{ArchivePage}?correspondent=alice&after=20", olderUrl);

        var middle = await HtmlPage.GetAsync(_admin, olderUrl!);
        Assert.Equal(Enumerable.Range(21, 50).Select(id => (long)id), Ids(middle));
        Assert.Equal($"{ArchivePage}?correspondent=alice&after=70", Link(middle, "newer"));

        var oldest = await HtmlPage.GetAsync(_admin, Link(middle, "older")!);
        Assert.Equal(Enumerable.Range(1, 50).Select(id => (long)id), Ids(oldest));
        Assert.Null(Link(oldest, "older"));
        Assert.Equal($"{ArchivePage}?correspondent=alice&after=50", Link(oldest, "newer"));
    }

    [Fact]
    public async Task Deleting_one_correspondent_asks_first_then_keeps_the_others()
    {
        var page = await HtmlPage.GetAsync(_admin, $"{ArchivePage}?correspondent=bob");
        var confirmUrl = Link(page, "delete-correspondent");
        Assert.Equal($"{ArchivePage}?correspondent=bob&confirm=correspondent", confirmUrl);
        Assert.Null(HtmlForm.TryFind(page, "confirm-delete-correspondent", ArchivePage));
        var confirm = await HtmlForm.GetAsync(_admin, confirmUrl!, "confirm-delete-correspondent");

        var after = await (await confirm.PostAsync(_admin)).FollowRedirectAsync(_admin, ArchivePage);

        Assert.Equal("Deleted 3 message(s) with bob.", HtmlPage.Message(after));
        var archive = _app.Service<IMessageArchive>();
        Assert.Equal(0, await archive.CountAsync(Ann, "bob", Ct));
        Assert.Equal(120, await archive.CountAsync(Ann, "alice", Ct));
    }

    [Fact]
    public async Task Deleting_everything_also_clears_the_live_sessions_windows()
    {
        var session = await _app.LinkBotAsync(Ann);
        var sandbox = (SandboxProvider)session.Provider;
        await sandbox.ReceiveAsync(new SandboxInbound(null, "carol", null, null, "hello"), Ct);
        // Features see a message after the window stage has added it.
        await _feature.WaitForAsync(Ann, 1);
        Assert.NotEmpty(session.Pipeline.Windows.Snapshot("carol"));
        var confirm = await HtmlForm.GetAsync(_admin, $"{ArchivePage}?confirm=all", "confirm-delete-all");

        var after = await (await confirm.PostAsync(_admin)).FollowRedirectAsync(_admin, ArchivePage);

        Assert.Equal("Deleted all 124 archived message(s) of ann.", HtmlPage.Message(after));
        Assert.Contains("id=\"empty-archive\"", after);
        Assert.Equal(0, await _app.Service<IMessageArchive>().CountAsync(Ann, null, Ct));
        Assert.Empty(session.Pipeline.Windows.Snapshot("carol"));
        // Numbering restarts: the next message with carol is number 1 again.
        await sandbox.ReceiveAsync(new SandboxInbound(null, "carol", null, null, "again"), Ct);
        Assert.Equal(1, Assert.Single(await _app.Service<IMessageArchive>().ReadAsync(Ann, "carol", 0, 10, Ct)).Id);

        var again = await (await confirm.PostAsync(_admin)).FollowRedirectAsync(_admin, ArchivePage);
        Assert.Equal("Deleted all 1 archived message(s) of ann.", HtmlPage.Message(again));
        var empty = await (await confirm.PostAsync(_admin)).FollowRedirectAsync(_admin, ArchivePage);
        Assert.Equal("Nothing deleted: ann has no archived messages.", HtmlPage.Message(empty));
    }

    [GeneratedRegex(@"<tr id=""message-(?<id>\d+)"">")]
    private static partial Regex MessageRow();
}
