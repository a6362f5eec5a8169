using static Microsoft.Playwright.Assertions;

namespace MyChatImposter.BrowserTests.Pages;

// /bots/{user_id}: one bot's configuration summary.
public sealed class BotPage
{
    public const string TitleSelector = "#bot-title";
    public const string SummarySelector = "#bot-summary";

    private readonly IPage _page;

    private BotPage(IPage page)
    {
        _page = page;
        Header = new SiteHeader(page);
    }

    public SiteHeader Header { get; }

    public ILocator Title => _page.Locator(TitleSelector);

    public ILocator Summary => _page.Locator(SummarySelector);

    public static string PathOf(string userId) => $"/bots/{Uri.EscapeDataString(userId)}";

    public static async Task<BotPage> OpenAsync(IPage page, string userId)
    {
        await page.GotoAsync(PathOf(userId));
        return await ExpectShownAsync(page, userId);
    }

    public static async Task<BotPage> ExpectShownAsync(IPage page, string userId)
    {
        await Expect(page).ToHaveURLAsync(SitePath.Is(PathOf(userId)));
        await Expect(page.Locator(TitleSelector)).ToHaveTextAsync(userId);
        return new BotPage(page);
    }
}
