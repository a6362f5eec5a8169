using MyChatImposter.BrowserTests.Hosting;
using MyChatImposter.BrowserTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace MyChatImposter.BrowserTests.Journeys;

// The site with the keyboard alone: no mouse click in these tests.
public sealed class KeyboardTests(ChromiumPerClass chromium) : BrowserTest(chromium)
{
    [Fact]
    public async Task The_sign_in_form_is_completed_with_the_keyboard_alone()
    {
        var bob = SiteUsers.Bob;
        var login = await LoginPage.OpenAsync(Page);

        // The user id field has the focus when the page opens; Tab leads to the password, Enter sends.
        await Expect(login.UserId).ToBeFocusedAsync();
        await Page.Keyboard.TypeAsync(bob.UserId);
        await Page.Keyboard.PressAsync("Tab");
        await Page.Keyboard.TypeAsync(bob.Password);
        await Page.Keyboard.PressAsync("Enter");

        var bots = await BotsPage.ExpectShownAsync(Page);
        await bots.Header.ExpectSignedInAsAsync(bob.UserId);
    }

    [Fact]
    public async Task Tab_from_the_top_reaches_the_skip_link_first_and_it_moves_the_focus_to_the_main_content()
    {
        await (await LoginPage.OpenAsync(Page)).SignInAsync(SiteUsers.Bob.UserId, SiteUsers.Bob.Password);
        await Page.GotoAsync(BotPage.PathOf(SiteUsers.Bob.UserId));

        await Page.Keyboard.PressAsync("Tab");
        var skip = Page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" });
        await Expect(skip).ToBeFocusedAsync();
        await Expect(skip).ToBeInViewportAsync();

        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page.Locator("main")).ToBeFocusedAsync();
        // The next Tab goes on from there: into the page's own content, not back to the header.
        await Page.Keyboard.PressAsync("Tab");
        Assert.True(await Page.EvaluateAsync<bool>("() => document.querySelector('main').contains(document.activeElement)"),
            "after the skip link, Tab moves within the main content");
    }
}
