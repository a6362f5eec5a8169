using MyChatImposter.BrowserTests.Hosting;
using MyChatImposter.BrowserTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace MyChatImposter.BrowserTests.Journeys;

public sealed class BotAccessTests(ChromiumPerClass chromium) : BrowserTest(chromium)
{
    [Fact]
    public async Task A_regular_user_sees_and_opens_only_their_own_bot()
    {
        var bob = SiteUsers.Bob;
        var bots = await (await LoginPage.OpenAsync(Page)).SignInAsync(bob.UserId, bob.Password);

        await bots.Header.ExpectSignedInAsAsync(bob.UserId);
        Assert.Equal([bob.UserId], await bots.ListedBotsAsync());

        var own = await bots.OpenBotAsync(bob.UserId);
        await Expect(own.Summary).ToBeVisibleAsync();

        await Page.GotoAsync(BotPage.PathOf(SiteUsers.Alice.UserId));
        var denied = await AccessDeniedPage.ExpectShownAsync(Page);
        await Expect(Page.Locator(BotPage.TitleSelector)).ToHaveCountAsync(0);
        await Expect(Page.Locator(BotPage.SummarySelector)).ToHaveCountAsync(0);
        await Expect(denied.Content).Not.ToContainTextAsync(SiteUsers.Alice.UserId);
        // Still signed in as themselves: being refused is not being signed out.
        await new SiteHeader(Page).ExpectSignedInAsAsync(bob.UserId);
    }

    [Fact]
    public async Task A_signed_out_visitor_who_opens_a_bot_page_is_sent_back_to_it_after_signing_in()
    {
        var bob = SiteUsers.Bob;
        await Page.GotoAsync(BotPage.PathOf(bob.UserId));
        var login = await LoginPage.ExpectShownAsync(Page);

        await login.SubmitAsync(bob.UserId, bob.Password);

        await BotPage.ExpectShownAsync(Page, bob.UserId);
    }
}
