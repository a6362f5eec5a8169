using MyChatImposter.BrowserTests.Hosting;
using MyChatImposter.BrowserTests.Pages;
using MyChatImposter.ChatProviders.WhatsApp;
using MyChatImposter.Tests.ChatProviders.WhatsApp;

namespace MyChatImposter.BrowserTests.Journeys;

// Linking a WhatsApp bot in a real browser against the real host and its embedded bridge, whose WhatsApp
// sockets are the fake ones (FakeWhatsApp): the code appears, a new code replaces it without a reload, and
// scanning it takes the browser to the bot's page.
public sealed class LinkPageTests(ChromiumPerClass chromium, ImposterSite site) : BrowserTest(chromium)
{
    // The one seeded bot no other test depends on the state of.
    private const string Walter = SiteUsers.WhatsAppBot;

    [Fact]
    public async Task Linking_a_whatsapp_bot_shows_its_code_follows_a_new_code_and_lands_on_the_bot_once_scanned()
    {
        FakeWhatsApp.RequireNode();
        var problems = new BrowserProblems(Page);
        // The bridge is started before the journey: its first start may install its npm packages, which is
        // not what the page's timeouts measure.
        using var whatsApp = new FakeWhatsApp(await site.Service<EmbeddedBridge>().GetAsync(TestContext.Current.CancellationToken));
        await (await LoginPage.OpenAsync(Page)).SignInAsync(SiteUsers.Admin.UserId, SiteUsers.Admin.Password);
        var link = await LinkPage.OpenAsync(Page, Walter);

        var firstCode = await link.LinkAndWaitForQrAsync();
        await whatsApp.RotateQrAsync(Walter);
        var secondCode = await link.WaitForNewQrAsync(firstCode);
        await whatsApp.ScanAsync(Walter);

        await BotPage.ExpectShownAsync(Page, Walter);
        Assert.NotEqual(firstCode, secondCode);
        Assert.Empty(problems.Seen);
    }
}
