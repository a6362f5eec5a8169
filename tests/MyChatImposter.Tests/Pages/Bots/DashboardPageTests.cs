using System.Net;
using System.Text.RegularExpressions;
using MyChatImposter.Accounts;
using MyChatImposter.Audit;
using MyChatImposter.ChatProviders;

namespace MyChatImposter.Tests.Pages.Bots;

// The dashboard at "/": which bots each role sees, their status, and the row actions (posted to the bot's
// own page, whose owner-or-admin policy checks the route).
public sealed partial class DashboardPageTests : IAsyncLifetime
{
    private const string Ann = "ann";
    // No Node.js as far as this host knows: linking a WhatsApp bot must say what to install.
    private readonly ImposterApp _app = new(new Dictionary<string, string> { ["WhatsApp:Bridge:NodePath"] = "/nonexistent/node" });
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        await _app.SaveBotAsync(Ann);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<string> ActAsync(string action, string userId = Ann)
    {
        var form = await HtmlForm.GetAsync(_admin, "/", $"{action}-{userId}");
        Assert.Equal($"/bots/{userId}?handler={char.ToUpperInvariant(action[0])}{action[1..]}", form.Action);
        return await (await form.PostAsync(_admin)).FollowRedirectAsync(_admin, "/");
    }

    private static string StatusOf(string html, string userId) =>
        StatusCell().Matches(html).Single(match => match.Groups["user"].Value == userId).Groups["status"].Value;

    [Fact]
    public async Task The_admin_sees_every_bot_and_a_user_only_their_own()
    {
        await _app.SaveBotAsync(BotPages.Bob, ConfigurationDocuments.Valid(BotPages.Bob));
        var bob = await _app.BobClientAsync();

        var adminPage = await HtmlPage.GetAsync(_admin, "/");
        var bobPage = await HtmlPage.GetAsync(bob, "/");

        Assert.Contains("id=\"bot-ann\"", adminPage);
        Assert.Contains("id=\"bot-bob\"", adminPage);
        Assert.Equal("disconnected", StatusOf(adminPage, Ann));
        Assert.Contains("id=\"bot-bob\"", bobPage);
        Assert.DoesNotContain("bot-ann", bobPage);
        Assert.Contains("id=\"new-bot\"", bobPage);
    }

    [Fact]
    public async Task A_user_without_a_bot_is_offered_a_new_one()
    {
        var bob = await _app.BobClientAsync();

        var page = await HtmlPage.GetAsync(bob, "/");

        Assert.Contains("id=\"no-bots\"", page);
        Assert.DoesNotContain("id=\"bots\"", page);
    }

    [Fact]
    public async Task Link_unlink_and_reload_from_the_rows()
    {
        var linked = await ActAsync("link");

        Assert.Equal("ann is linked.", HtmlPage.Message(linked));
        var session = _app.Service<ChatSessions>().Get(Ann);
        Assert.Equal(ChatStatus.Connected, session!.Status.Status);
        Assert.Equal("connected", StatusOf(linked, Ann));
        Assert.Contains(await _app.Service<IChatSessionStore>().ListAsync(Ct), record => record.UserId == Ann);

        var reloaded = await ActAsync("reload");

        Assert.Equal("ann is reloaded with its saved configuration.", HtmlPage.Message(reloaded));
        Assert.NotSame(session, _app.Service<ChatSessions>().Get(Ann));

        var unlinked = await ActAsync("unlink");

        Assert.Equal("ann is unlinked and logged out.", HtmlPage.Message(unlinked));
        Assert.Null(_app.Service<ChatSessions>().Get(Ann));
        Assert.Equal("disconnected", StatusOf(unlinked, Ann));
        Assert.Empty(await _app.Service<IChatSessionStore>().ListAsync(Ct));
        var audited = await _app.AuditedAsync(Ann);
        Assert.Contains(AuditEvents.Link, audited);
        Assert.Contains(AuditEvents.Unlink, audited);
    }

    [Fact]
    public async Task Refusals_are_messages_never_errors()
    {
        await ActAsync("link");

        Assert.StartsWith("Already active: A session for 'ann' is already connected.", HtmlPage.Message(await ActAsync("link")));
        await ActAsync("unlink");
        Assert.Equal("Nothing to do: 'ann' has no live session.", HtmlPage.Message(await ActAsync("unlink")));
        Assert.Equal("Nothing to do: 'ann' has no live session.", HtmlPage.Message(await ActAsync("reload")));

        // A bot deleted after the page was shown: its row's form still posts, and is told the bot is gone.
        var form = await HtmlForm.GetAsync(_admin, "/", "link-ann");
        var ghost = await _admin.PostAsync("/bots/ghost?handler=Link", new FormUrlEncodedContent(form.Fields), Ct);
        await ghost.AssertBotNotFoundAsync("ghost");
    }

    [Fact]
    public async Task Linking_a_whatsapp_bot_on_a_host_without_node_says_what_to_install()
    {
        await _app.SaveBotAsync("wendy", ConfigurationDocuments.Valid("wendy").With("configurations.chat_provider_config.provider_name", "whatsapp"));

        var message = HtmlPage.Message(await ActAsync("link", "wendy"));

        Assert.StartsWith("Chat provider not ready: Linking WhatsApp needs Node.js 20 or later", message);
        Assert.Contains("sandbox", message);
        Assert.Null(_app.Service<ChatSessions>().Get("wendy"));
    }

    [Fact]
    public async Task Linking_an_invalid_stored_configuration_lists_its_errors()
    {
        await _app.SaveBotAsync("ivy", ConfigurationDocuments.Valid("ivy").With("configurations.llm_provider_config.provider_name", "nonsense"));

        var message = HtmlPage.Message(await ActAsync("link", "ivy"));

        Assert.StartsWith("Invalid configuration: The stored configuration is not valid", message);
        Assert.Contains("configurations.llm_provider_config.provider_name: is not a known LLM provider", message);
    }

    [Fact]
    public async Task A_regular_user_cannot_open_or_act_on_another_users_bot()
    {
        await _app.SaveBotAsync(BotPages.Bob, ConfigurationDocuments.Valid(BotPages.Bob));
        var bob = await _app.BobClientAsync();

        foreach (var page in new[] { "", "/edit", "/chat", "/archive", "/delete" })
        {
            BotPages.AssertAccessDenied(await bob.GetAsync($"/bots/{Ann}{page}", Ct));
        }
        // Bob's own row form, with his valid antiforgery token, aimed at ann's bot.
        var own = await HtmlForm.GetAsync(bob, "/", "link-bob");
        foreach (var handler in new[] { "Link", "Unlink", "Reload" })
        {
            BotPages.AssertAccessDenied(await bob.PostAsync($"/bots/{Ann}?handler={handler}", new FormUrlEncodedContent(own.Fields), Ct));
        }
        BotPages.AssertAccessDenied(await bob.PostAsync($"/bots/{Ann}/delete", new FormUrlEncodedContent(own.Fields), Ct));
        Assert.Null(_app.Service<ChatSessions>().Get(Ann));
        Assert.NotNull(await _app.StoredBotAsync(Ann));
        // His own bot's pages open.
        foreach (var page in new[] { "", "/edit", "/chat", "/archive", "/delete" })
        {
            await HtmlPage.GetAsync(bob, $"/bots/{BotPages.Bob}{page}");
        }
    }

    [Fact]
    public async Task The_live_status_script_is_a_file_and_the_page_has_no_inline_script()
    {
        var response = await _admin.GetAsync("/", Ct);
        var html = await response.ReadAsync();

        Assert.Matches(@"<script src=""/js/live\.js\?v=[^""]+""></script>", html);
        Assert.Matches(@"<script src=""/js/dashboard\.js\?v=[^""]+""></script>", html);
        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", html);
        Assert.DoesNotContain("style=", html);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        var script = await _admin.GetAsync("/js/dashboard.js", Ct);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("data-events-url=\"/events\"", html);
        // Without script the page says how to see changes.
        Assert.Contains("<a class=\"reload\" href=\"/\">Reload</a>", html);
    }

    [GeneratedRegex(@"data-status-for=""(?<user>[^""]+)""><span class=""dot [^""]+""></span> <span class=""status-text"">(?<status>[^<]*)</span>")]
    private static partial Regex StatusCell();
}
