using static Microsoft.Playwright.Assertions;

namespace MyChatImposter.BrowserTests.Pages;

// The layout's header, on every page: who is signed in, and the sign-out button (a POST form).
public sealed class SiteHeader(IPage page)
{
    public ILocator SignedInUser => page.Locator("#my-account");

    public ILocator SignOutButton => page.Locator("#logout");

    public async Task<LoginPage> SignOutAsync()
    {
        await SignOutButton.ClickAsync();
        return await LoginPage.ExpectShownAsync(page);
    }

    public async Task ExpectSignedInAsAsync(string userId) => await Expect(SignedInUser).ToHaveTextAsync(userId);
}
