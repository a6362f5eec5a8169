using System.Text.RegularExpressions;

namespace MyChatImposter.Tests.Pages.Bots;

// The bot navigation the layout draws above every bot page (Shared/_BotNavigation.cshtml): the bot's name
// and status, its pages, the one being shown marked for screen readers.
public sealed partial class BotNavigationTests : IAsyncLifetime
{
    private const string Ann = "ann";
    private const string Wendy = "wendy";
    private readonly ImposterApp _app = new();
    private HttpClient _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        await _app.SaveBotAsync(Ann);
        await _app.SaveBotAsync(Wendy, BotPages.WhatsAppBot(Wendy));
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    // Page under /bots/ann, and the entry marked current there: Settings stands for the AI form and the JSON editor.
    [Theory]
    [InlineData("", "overview")]
    [InlineData("/activity", "activity")]
    [InlineData("/edit", "settings")]
    [InlineData("/ai", "settings")]
    [InlineData("/settings/general", "settings")]
    [InlineData("/settings/reply", "settings")]
    [InlineData("/chat", "chat")]
    [InlineData("/archive", "archive")]
    [InlineData("/delivery", "delivery")]
    [InlineData("/drafts", "drafts")]
    [InlineData("/memory", "memory")]
    [InlineData("/tracking", "tracking")]
    [InlineData("/llm-interactions", "llm-interactions")]
    [InlineData("/webhooks", "webhooks")]
    [InlineData("/delete", "delete")]
    public async Task Every_bot_page_shows_the_navigation_once_with_its_own_entry_current(string subpage, string current)
    {
        var html = await HtmlPage.GetAsync(_admin, $"/bots/{Ann}{subpage}");

        var nav = Assert.Single(BotNav().Matches(html)).Value;
        Assert.Contains($"aria-label=\"Bot {Ann}\"", nav);
        Assert.Equal([current], CurrentEntries().Matches(nav).Select(match => match.Groups["id"].Value));
        Assert.Contains("id=\"bot-nav-status\"", nav);
    }

    [Fact]
    public async Task A_sandbox_bot_is_offered_the_chat_and_a_whatsapp_bot_the_link_page()
    {
        var sandbox = Assert.Single(BotNav().Matches(await HtmlPage.GetAsync(_admin, $"/bots/{Ann}"))).Value;
        var whatsApp = Assert.Single(BotNav().Matches(await HtmlPage.GetAsync(_admin, $"/bots/{Wendy}"))).Value;

        Assert.Equal(["overview", "activity", "settings", "chat", "archive", "delivery", "drafts", "memory", "tracking", "llm-interactions", "webhooks", "delete"],
            Entries().Matches(sandbox).Select(match => match.Groups["id"].Value));
        Assert.Contains($"id=\"bot-nav-link\" href=\"/bots/{Wendy}/link\"", whatsApp);
        Assert.DoesNotContain("id=\"bot-nav-chat\"", whatsApp);
    }

    [Fact]
    public async Task Pages_that_are_not_one_bots_show_no_bot_navigation()
    {
        Assert.DoesNotMatch(BotNav(), await HtmlPage.GetAsync(_admin, "/"));
        Assert.DoesNotMatch(BotNav(), await HtmlPage.GetAsync(_admin, "/bots/new"));
    }

    [GeneratedRegex("<nav class=\"bot-nav\".*?</nav>", RegexOptions.Singleline)]
    private static partial Regex BotNav();

    [GeneratedRegex("<a id=\"bot-nav-(?<id>[a-z-]+)\"")]
    private static partial Regex Entries();

    [GeneratedRegex("<a id=\"bot-nav-(?<id>[a-z-]+)\"[^>]*aria-current=\"page\"")]
    private static partial Regex CurrentEntries();
}
