using System.Net;
using MyChatImposter.ChatProviders;
using MyChatImposter.ChatProviders.Sandbox;
using MyChatImposter.Pipeline;

namespace MyChatImposter.Tests.Pages.Bots;

// /bots/{user_id}/chat: writing as a correspondent through the page's own form (the no-script path) and
// reading the conversation from the archive and the sandbox's outbound messages.
public sealed class ChatPageTests : IAsyncLifetime
{
    private const string Ann = "ann";
    private const string ChatPage = "/bots/ann/chat";
    private readonly ImposterApp _app = new();
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        await _app.SaveBotAsync(Ann);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private Task<HtmlForm> SendFormAsync(string page = ChatPage) => HtmlForm.GetAsync(_admin, page, "send-message");

    [Fact]
    public async Task Without_a_session_the_page_offers_to_link_and_comes_back()
    {
        var html = await HtmlPage.GetAsync(_admin, ChatPage);

        Assert.Contains("id=\"not-linked\"", html);
        Assert.Null(HtmlForm.TryFind(html, "send-message", ChatPage));
        var link = HtmlForm.Find(html, "link", ChatPage);

        var page = await (await link.PostAsync(_admin)).FollowRedirectAsync(_admin, ChatPage);

        Assert.Equal("ann is linked.", HtmlPage.Message(page));
        Assert.Contains("id=\"send-message\"", page);
        Assert.Equal(ChatStatus.Connected, _app.Service<ChatSessions>().Get(Ann)!.Status.Status);
    }

    [Fact]
    public async Task A_message_lands_in_the_archive_and_shows_with_the_bots_reply()
    {
        await _app.LinkBotAsync(Ann);
        var form = await SendFormAsync();

        var response = await form.PostAsync(_admin,
            ("Input.CorrespondentId", "alice"), ("Input.DisplayName", "Alice"), ("Input.Text", "Are you coming tonight?"));

        var page = await response.FollowRedirectAsync(_admin, $"{ChatPage}?correspondent=alice&name=Alice");
        Assert.StartsWith("Sent and archived (sandbox-", HtmlPage.Message(page));
        var archived = Assert.Single(await _app.Service<IMessageArchive>().ReadAsync(Ann, "alice", 0, 10, Ct));
        Assert.Equal("Are you coming tonight?", archived.Content);
        Assert.Equal("Alice", archived.Sender.DisplayName);
        Assert.Contains("Are you coming tonight?", page);
        Assert.Contains("data-conversation=\"alice\"", page);
        Assert.Contains("data-after-id=\"1\"", page);
        // The correspondent stays chosen; the text is cleared.
        var next = HtmlForm.Find(page, "send-message", ChatPage);
        Assert.Equal("alice", next.Fields["Input.CorrespondentId"]);
        Assert.Equal("", next.Fields["Input.Text"]);

        _app.Service<SandboxWorld>().RecordSend(Ann, "alice", "text", "Yes, at eight!");
        _app.Service<SandboxWorld>().RecordSend(Ann, "someone-else", "text", "Not for alice");

        var withReply = await HtmlPage.GetAsync(_admin, $"{ChatPage}?correspondent=alice");
        Assert.Contains("Yes, at eight!", withReply);
        Assert.Contains("bot reply", withReply);
        Assert.DoesNotContain("Not for alice", withReply);
        Assert.Contains("data-after-seq=\"2\"", withReply);
        Assert.True(withReply.IndexOf("Are you coming tonight?", StringComparison.Ordinal) < withReply.IndexOf("Yes, at eight!", StringComparison.Ordinal));
    }

    [Fact]
    public async Task As_the_owner_a_message_is_archived_as_the_owners_own_and_only_the_owner_writes_in_self()
    {
        await _app.LinkBotAsync(Ann);

        var refused = await (await SendFormAsync()).PostAsync(_admin, ("Input.CorrespondentId", "self"), ("Input.Text", "ok"));
        var asOwner = await (await SendFormAsync()).PostAsync(_admin,
            ("Input.CorrespondentId", "alice"), ("Input.Text", "I'll answer her myself"), ("Input.FromOwner", "true"));

        Assert.Contains("only the owner writes there", string.Join(" ", HtmlPage.FieldErrors(await refused.ReadAsync(), "Input.CorrespondentId")));
        var page = await asOwner.FollowRedirectAsync(_admin, $"{ChatPage}?correspondent=alice&owner=true");
        Assert.Equal("true", HtmlForm.Find(page, "send-message", ChatPage).Fields["Input.FromOwner"]);
        var archived = Assert.Single(await _app.Service<IMessageArchive>().ReadAsync(Ann, "alice", 0, 10, Ct));
        Assert.Equal((MessageSource.UserOutgoing, "I'll answer her myself"), (archived.Source, archived.Content));
        Assert.Equal(0, await _app.Service<IMessageArchive>().CountAsync(Ann, "self", Ct));
    }

    [Fact]
    public async Task Problems_are_shown_beside_their_fields_and_nothing_is_archived()
    {
        await _app.LinkBotAsync(Ann);
        var form = await SendFormAsync();

        var response = await form.PostAsync(_admin, ("Input.CorrespondentId", "  "), ("Input.Text", ""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.ReadAsync();
        Assert.Equal(["is required."], HtmlPage.FieldErrors(html, "Input.CorrespondentId"));
        Assert.Equal(["Write a message."], HtmlPage.FieldErrors(html, "Input.Text"));
        Assert.Equal(0, await _app.Service<IMessageArchive>().CountAsync(Ann, null, Ct));
    }

    [Fact]
    public async Task Groups_are_defined_on_the_page_and_group_messages_follow_the_bots_setting()
    {
        await _app.LinkBotAsync(Ann);
        var groupsForm = await HtmlForm.GetAsync(_admin, ChatPage, "define-groups");

        var defined = await (await groupsForm.PostAsync(_admin, ("GroupList.Text", "g1@g.us Parents of 3B\n\ng2@g.us\n")))
            .FollowRedirectAsync(_admin, ChatPage);

        Assert.Equal("2 sandbox groups defined.", HtmlPage.Message(defined));
        Assert.Equal([new SandboxGroup("g1@g.us", "Parents of 3B"), new SandboxGroup("g2@g.us", "g2@g.us")],
            _app.Service<SandboxWorld>().Groups(Ann));
        Assert.Contains("Parents of 3B (g1@g.us)", defined);

        // The test document has allow_group_messages false: as on WhatsApp, the group message cannot reach the bot.
        var form = HtmlForm.Find(defined, "send-message", ChatPage);
        var refused = await (await form.PostAsync(_admin, ("Input.CorrespondentId", "alice"), ("Input.GroupId", "g1@g.us"),
            ("Input.Text", "Hello group"))).ReadAsync();
        Assert.StartsWith("This bot's allow_group_messages is false", Assert.Single(HtmlPage.FieldErrors(refused, "Input.GroupId")));

        await _app.SaveBotAsync(Ann, ConfigurationDocuments.Valid(Ann).With("configurations.chat_provider_config.provider_config.allow_group_messages", true));
        await _app.Service<ChatSessions>().ReloadAsync(Ann, Ct);
        var sent = await form.PostAsync(_admin, ("Input.CorrespondentId", "alice"), ("Input.GroupId", "g1@g.us"), ("Input.Text", "Hello group"));

        var page = await sent.FollowRedirectAsync(_admin, $"{ChatPage}?correspondent=alice&group=g1@g.us");
        var archived = Assert.Single(await _app.Service<IMessageArchive>().ReadAsync(Ann, "g1@g.us", 0, 10, Ct));
        Assert.Equal("alice", archived.Sender.Identifier);
        Assert.Equal("Parents of 3B", archived.Group!.Name);
        Assert.Contains("data-conversation=\"g1@g.us\"", page);
        Assert.Contains("Hello group", page);
    }

    [Fact]
    public async Task A_group_list_with_a_repeated_id_is_refused()
    {
        await _app.LinkBotAsync(Ann);
        var groupsForm = await HtmlForm.GetAsync(_admin, ChatPage, "define-groups");

        var html = await (await groupsForm.PostAsync(_admin, ("GroupList.Text", "g1 One\ng1 Again"))).ReadAsync();

        Assert.Equal(["The group id 'g1' is used more than once."], HtmlPage.FieldErrors(html, "GroupList.Text"));
        Assert.Empty(_app.Service<SandboxWorld>().Groups(Ann));
    }

    [Fact]
    public async Task The_chat_script_is_loaded_from_a_file()
    {
        await _app.LinkBotAsync(Ann);

        var html = await HtmlPage.GetAsync(_admin, ChatPage);

        Assert.Matches(@"<script src=""/js/chat\.js\?v=[^""]+""></script>", html);
        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", html);
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync("/js/chat.js", Ct)).StatusCode);
    }
}
