using static Microsoft.Playwright.Assertions;

namespace MyChatImposter.BrowserTests.Pages;

// /access-denied: where the cookie scheme sends a signed-in user who may not open a page.
public sealed class AccessDeniedPage
{
    public const string Path = "/access-denied";

    private readonly IPage _page;

    private AccessDeniedPage(IPage page) => _page = page;

    public ILocator Heading => _page.Locator("#access-denied");

    public ILocator Content => _page.Locator("main");

    public static async Task<AccessDeniedPage> ExpectShownAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync(SitePath.Is(Path));
        await Expect(page.Locator("#access-denied")).ToBeVisibleAsync();
        return new AccessDeniedPage(page);
    }
}
