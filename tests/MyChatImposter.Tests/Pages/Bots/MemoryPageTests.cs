using System.Net;
using System.Text.RegularExpressions;
using MyChatImposter.AutoReply;

namespace MyChatImposter.Tests.Pages.Bots;

// /bots/{user_id}/memory: what the bot remembers, per correspondent or shared, and forgetting it behind a
// confirmation step.
public sealed partial class MemoryPageTests : IAsyncLifetime
{
    private const string Ann = "ann";
    private const string MemoryPage = "/bots/ann/memory";
    private readonly ImposterApp _app = new();
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        await _app.SaveBotAsync(Ann, ConfigurationDocuments.Valid(Ann)
            .With("configurations.context_config.shared_context", false)
            .With("features.automatic_bot_reply.enabled", true));
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private IConversationContextStore Store => _app.Service<IConversationContextStore>();

    private Task RememberAsync(string key, params string[] lines) =>
        Store.SaveAsync(Ann, key, [.. lines.Select(line => new ContextEntry(line, _app.Time.GetUtcNow(), line.StartsWith("Bot: ", StringComparison.Ordinal)))], Ct);

    private static List<string> Lines(string html) =>
        [.. LinePattern().Matches(html).Select(match => WebUtility.HtmlDecode(match.Groups["line"].Value))];

    [Fact]
    public async Task Every_history_is_shown_with_its_lines_in_order()
    {
        await RememberAsync("972501234567@s.whatsapp.net", "Dana: dinner at <8>?", "Bot: sure");
        await RememberAsync("120363041234567890@g.us", "Mum: cake?", "Bot: I'll bring it");

        var html = await HtmlPage.GetAsync(_admin, MemoryPage);

        Assert.Contains("Automatic reply is <strong>on</strong>.", html);
        Assert.Contains("Each correspondent has a history of their own.", html);
        Assert.Contains("<h2>972501234567@s.whatsapp.net</h2>", html);
        Assert.Contains("<h2>120363041234567890@g.us</h2>", html);
        Assert.Equal(["Mum: cake?", "Bot: I'll bring it", "Dana: dinner at <8>?", "Bot: sure"], Lines(html));
        Assert.Contains("<tr class=\"from-bot\">", html);
        Assert.Matches(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", html);
        Assert.Null(HtmlForm.TryFind(html, "confirm-clear", MemoryPage));
    }

    [Fact]
    public async Task A_shared_history_is_named_as_such()
    {
        await RememberAsync(ConversationContext.SharedKey, "Dana: hi", "Bot: hello");

        var html = await HtmlPage.GetAsync(_admin, MemoryPage);

        Assert.Contains("<h2>Shared by everyone</h2>", html);
    }

    [Fact]
    public async Task A_bot_that_remembers_nothing_says_so_and_offers_nothing_to_clear()
    {
        var html = await HtmlPage.GetAsync(_admin, MemoryPage);

        Assert.Contains("id=\"empty-memory\"", html);
        Assert.DoesNotContain("id=\"clear\"", html);
        Assert.Null(HtmlForm.TryFind(await HtmlPage.GetAsync(_admin, $"{MemoryPage}?confirm=clear"), "confirm-clear", MemoryPage));
    }

    [Fact]
    public async Task Forgetting_asks_first_then_clears_every_history()
    {
        await RememberAsync("972501234567@s.whatsapp.net", "Dana: hi", "Bot: hello");
        await RememberAsync("bob", "Bob: yo", "Bot: hey");
        var page = await HtmlPage.GetAsync(_admin, MemoryPage);
        Assert.Contains($"href=\"{MemoryPage}?confirm=clear\"", page);
        var confirm = await HtmlForm.GetAsync(_admin, $"{MemoryPage}?confirm=clear", "confirm-clear");
        Assert.Contains(HtmlForm.AntiforgeryField, confirm.Fields.Keys);

        var after = await (await confirm.PostAsync(_admin)).FollowRedirectAsync(_admin, MemoryPage);

        Assert.Equal("ann forgot 2 conversation history(s).", HtmlPage.Message(after));
        Assert.Contains("id=\"empty-memory\"", after);
        Assert.Empty(await Store.GetAllAsync(Ann, Ct));
        var again = await (await confirm.PostAsync(_admin)).FollowRedirectAsync(_admin, MemoryPage);
        Assert.Equal("Nothing to forget: ann remembers no conversation.", HtmlPage.Message(again));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_forgets_nothing()
    {
        await RememberAsync("bob", "Bob: yo", "Bot: hey");
        var confirm = await HtmlForm.GetAsync(_admin, $"{MemoryPage}?confirm=clear", "confirm-clear");
        confirm.Fields.Remove(HtmlForm.AntiforgeryField);

        var response = await confirm.PostAsync(_admin);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Single(await Store.GetAllAsync(Ann, Ct));
    }

    [Fact]
    public async Task Another_users_bot_memory_is_not_shown_and_unknown_bots_are_404()
    {
        await RememberAsync("bob", "Bob: yo", "Bot: hey");
        var bob = await _app.BobClientAsync();

        BotPages.AssertAccessDenied(await bob.GetAsync(MemoryPage, Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/bots/ghost/memory", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_bot_page_links_to_its_memory()
    {
        var html = await HtmlPage.GetAsync(_admin, $"/bots/{Ann}");

        Assert.Contains($"<a id=\"bot-nav-memory\" href=\"{MemoryPage}\">Memory</a>", html);
    }

    [GeneratedRegex(@"<td class=""message-content"">(?<line>[^<]*)</td>")]
    private static partial Regex LinePattern();
}
