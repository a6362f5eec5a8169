using static Microsoft.Playwright.Assertions;

namespace MyChatImposter.BrowserTests.Pages;

// /bots/{user_id}/ready: what the new-bot flow created and its next step.
public sealed class ReadyPage
{
    private readonly IPage _page;

    private ReadyPage(IPage page) => _page = page;

    public ILocator Panel => _page.Locator("#ready");

    public static async Task<ReadyPage> ExpectShownAsync(IPage page, string userId)
    {
        await Expect(page).ToHaveURLAsync(SitePath.Is($"{BotPage.PathOf(userId)}/ready"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Your bot is ready: {userId}", Level = 1 })).ToBeVisibleAsync();
        return new ReadyPage(page);
    }

    public Task TryInTheSandboxAsync() =>
        Panel.GetByRole(AriaRole.Button, new() { Name = "Try it in the sandbox" }).ClickAsync();
}
