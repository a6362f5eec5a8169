using static Microsoft.Playwright.Assertions;

namespace MyChatImposter.BrowserTests.Pages;

// /bots/{user_id}/link: the Link button, the QR image and the status line, which follow the bot live.
public sealed class LinkPage
{
    private readonly IPage _page;

    private LinkPage(IPage page) => _page = page;

    public ILocator LinkButton => _page.Locator("#link").GetByRole(AriaRole.Button, new() { Name = "Link" });

    public ILocator Qr => _page.Locator("img#qr");

    public ILocator StatusText => _page.Locator("#link-status-text");

    public static string PathOf(string userId) => $"{BotPage.PathOf(userId)}/link";

    public static async Task<LinkPage> OpenAsync(IPage page, string userId)
    {
        await page.GotoAsync(PathOf(userId));
        await Expect(page).ToHaveURLAsync(SitePath.Is(PathOf(userId)));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Link {userId}", Level = 1 })).ToBeVisibleAsync();
        return new LinkPage(page);
    }

    // Clicks Link and waits for the code to be shown and its PNG to have loaded; returns the image's address.
    public async Task<string> LinkAndWaitForQrAsync()
    {
        await LinkButton.ClickAsync();
        await Expect(Qr).ToBeVisibleAsync();
        await Expect(StatusText).ToContainTextAsync("Scan this code in WhatsApp");
        return await LoadedQrSourceAsync();
    }

    // Waits, without reloading, for the page to show another code than the one at previousSource.
    public async Task<string> WaitForNewQrAsync(string previousSource)
    {
        await Expect(Qr).Not.ToHaveAttributeAsync("src", previousSource);
        return await LoadedQrSourceAsync();
    }

    // A decoded image, not merely an address: a broken PNG has no natural width.
    private async Task<string> LoadedQrSourceAsync()
    {
        await _page.WaitForFunctionAsync("() => { const qr = document.getElementById('qr'); return qr.complete && qr.naturalWidth > 0; }");
        return (await Qr.GetAttributeAsync("src"))!;
    }
}
