using static Microsoft.Playwright.Assertions;

namespace MyChatImposter.BrowserTests.Pages;

// "/": the bots the signed-in account may see, in #bots, or #no-bots.
public sealed class BotsPage
{
    private readonly IPage _page;

    private BotsPage(IPage page)
    {
        _page = page;
        Header = new SiteHeader(page);
    }

    public SiteHeader Header { get; }

    public ILocator BotList => _page.Locator("#bots");

    public ILocator NoBots => _page.Locator("#no-bots");

    // The first column links each bot's user id to its page.
    public ILocator BotLinks => BotList.Locator("tbody tr td:first-child a");

    public static async Task<BotsPage> ExpectShownAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync(SitePath.Is("/"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Bots", Level = 1 })).ToBeVisibleAsync();
        return new BotsPage(page);
    }

    // The store does not promise an order, so the list is compared as a set.
    public async Task<IReadOnlyList<string>> ListedBotsAsync() =>
        [.. (await BotLinks.AllTextContentsAsync()).Select(text => text.Trim()).Order(StringComparer.Ordinal)];

    public async Task<BotPage> OpenBotAsync(string userId)
    {
        await BotLinks.GetByText(userId, new() { Exact = true }).ClickAsync();
        return await BotPage.ExpectShownAsync(_page, userId);
    }
}
