using System.Net;
using System.Text.RegularExpressions;
using MyChatImposter.Accounts;
using MyChatImposter.Audit;
using MyChatImposter.ChatProviders;
using MyChatImposter.Configuration;
using MyChatImposter.Tests.ChatProviders;

namespace MyChatImposter.Tests.Pages.Bots;

// /bots/{user_id}/link: the Link button, the QR as a PNG the page serves, and the same owner-or-admin rule
// as the bot's other pages. The WhatsApp kind is a recording one that shows a QR without Node.js.
public sealed partial class LinkPageTests : IAsyncLifetime
{
    private const string Wendy = "wendy";
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly RecordingChatProviderKind _whatsApp = new(ChatProviderKind.WhatsApp);
    private readonly ImposterApp _app;
    private HttpClient _admin = null!;

    public LinkPageTests() => _app = BotPages.WithRecordingWhatsApp(_whatsApp);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        await _app.SaveBotAsync(Wendy, BotPages.WhatsAppBot(Wendy));
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static string? QrSource(string html) => QrImage().Match(html) is { Success: true } image
        ? WebUtility.HtmlDecode(image.Groups["src"].Value)
        : null;

    private async Task<byte[]> PngAsync(string url)
    {
        var response = await _admin.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var png = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(PngSignature, png[..PngSignature.Length]);
        return png;
    }

    [Fact]
    public async Task A_bot_without_a_session_offers_the_link_button_and_no_code()
    {
        var html = await HtmlPage.GetAsync(_admin, $"/bots/{Wendy}/link");

        var form = HtmlForm.Find(html, "link", $"/bots/{Wendy}/link");
        Assert.Equal($"/bots/{Wendy}/link/Link", form.Action);
        Assert.Contains(HtmlForm.AntiforgeryField, form.Fields.Keys);
        Assert.Null(QrSource(html));
        Assert.Contains("Not linked: no session is running.", HtmlPage.Text(html));
        Assert.Contains("<script src=\"/js/link.js?v=", html);
    }

    [Fact]
    public async Task Clicking_link_starts_the_session_and_shows_its_code_as_a_png_that_changes_with_the_code()
    {
        var form = await HtmlForm.GetAsync(_admin, $"/bots/{Wendy}/link", "link");

        var html = await (await form.PostAsync(_admin)).FollowRedirectAsync(_admin, $"/bots/{Wendy}/link");

        Assert.Equal("wendy is starting its session.", HtmlPage.Message(html));
        Assert.Contains("Scan this code in WhatsApp → Linked devices", HtmlPage.Text(html));
        Assert.Contains("id=\"link\" hidden=\"hidden\"", html);
        var firstSource = QrSource(html)!;
        Assert.StartsWith($"/bots/{Wendy}/link/Qr?v=", firstSource);
        // The QR's text is the image's alone: the page never carries it.
        Assert.DoesNotContain(RecordingChatProvider.Qr, html);
        var firstPng = await PngAsync(firstSource);

        Assert.Single(_whatsApp.Created).ShowQr("2@next-code");
        var next = await HtmlPage.GetAsync(_admin, $"/bots/{Wendy}/link");

        var nextSource = QrSource(next)!;
        Assert.NotEqual(firstSource, nextSource);
        Assert.NotEqual(firstPng, await PngAsync(nextSource));
        Assert.Contains(AuditEvents.Link, await _app.AuditedAsync(Wendy));
    }

    [Fact]
    public async Task An_ended_session_says_why_and_offers_the_link_button_again()
    {
        await _app.LinkBotAsync(Wendy);
        Assert.Single(_whatsApp.Created).Report(ChatStatus.LoggedOut);

        var html = await HtmlPage.GetAsync(_admin, $"/bots/{Wendy}/link");

        Assert.Contains("Logged out: WhatsApp ended this login.", HtmlPage.Text(html));
        Assert.DoesNotContain("id=\"link\" hidden", html);
        Assert.Null(QrSource(html));
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"/bots/{Wendy}/link/qr", Ct)).StatusCode);
    }

    [Fact]
    public async Task Linking_from_the_bot_page_leads_a_whatsapp_bot_to_its_link_page()
    {
        var details = await HtmlPage.GetAsync(_admin, $"/bots/{Wendy}");
        Assert.Contains($"id=\"bot-nav-link\" href=\"/bots/{Wendy}/link\"", details);
        var form = HtmlForm.Find(details, "link", $"/bots/{Wendy}");

        var html = await (await form.PostAsync(_admin)).FollowRedirectAsync(_admin, $"/bots/{Wendy}/link");

        Assert.Equal("wendy is starting its session.", HtmlPage.Message(html));
        Assert.NotNull(QrSource(html));
    }

    [Fact]
    public async Task A_sandbox_bot_page_offers_no_link_page()
    {
        await _app.SaveBotAsync("ann");

        Assert.DoesNotContain("id=\"bot-nav-link\"", await HtmlPage.GetAsync(_admin, "/bots/ann"));
    }

    [Fact]
    public async Task A_stranger_is_refused_the_page_its_code_its_events_and_its_link_button()
    {
        await _app.LinkBotAsync(Wendy);
        await _app.SaveBotAsync(BotPages.Bob, BotPages.WhatsAppBot(BotPages.Bob));
        var bob = await _app.BobClientAsync();
        var own = await HtmlForm.GetAsync(bob, $"/bots/{BotPages.Bob}/link", "link");

        foreach (var path in new[] { "link", "link/qr", "link/events" })
        {
            BotPages.AssertAccessDenied(await bob.GetAsync($"/bots/{Wendy}/{path}", Ct));
        }
        BotPages.AssertAccessDenied(await bob.PostAsync($"/bots/{Wendy}/link/Link", new FormUrlEncodedContent(own.Fields), Ct));
        Assert.Single(_whatsApp.Created);
    }

    [Theory]
    [InlineData("/bots/ghost/link")]
    [InlineData("/bots/ghost/link/qr")]
    [InlineData("/bots/ghost/link/events")]
    [InlineData("/bots/not%20a%20user/link")]
    [InlineData("/bots/not%20a%20user/link/events")]
    [InlineData("/bots/wendy/link/nonsense")]
    public async Task An_unknown_bot_or_handler_is_not_found(string url)
    {
        var response = await _admin.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Linking_without_node_says_what_to_install_beside_the_button()
    {
        await using var app = new ImposterApp(new Dictionary<string, string> { ["WhatsApp:Bridge:NodePath"] = "/nonexistent/node" });
        var admin = await app.AdminClientAsync();
        await app.SaveBotAsync(Wendy, BotPages.WhatsAppBot(Wendy));
        var form = await HtmlForm.GetAsync(admin, $"/bots/{Wendy}/link", "link");

        var response = await form.PostAsync(admin);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.ReadAsync();
        var error = Assert.Single(HtmlPage.FormErrors(html));
        Assert.StartsWith("Chat provider not ready: Linking WhatsApp needs Node.js 20", error);
        // Inside the Link form, under its button.
        Assert.Matches("(?s)<form[^>]*id=\"link\"[^>]*>\\s*<button[^<]*</button>\\s*<ul class=\"form-errors\"", html);
        Assert.Null(app.Service<ChatSessions>().Get(Wendy));
    }

    [GeneratedRegex("<img[^>]*id=\"qr\"[^>]*src=\"(?<src>[^\"]*)\"")]
    private static partial Regex QrImage();
}
