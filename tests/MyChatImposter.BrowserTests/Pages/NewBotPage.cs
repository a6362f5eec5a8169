using static Microsoft.Playwright.Assertions;

namespace MyChatImposter.BrowserTests.Pages;

// /bots/new: the new-bot form, its fields found by their labels as a person finds them.
public sealed class NewBotPage
{
    public const string Path = "/bots/new";

    private readonly IPage _page;

    private NewBotPage(IPage page) => _page = page;

    public ILocator Form => _page.Locator("#new-bot-form");

    public ILocator UserId => Form.GetByLabel("User id");

    public ILocator FirstName => Form.GetByLabel("First name");

    public ILocator TimeZone => Form.Locator("select[name='Input.Timezone']");

    public ILocator OpenAiSettings => Form.Locator("#openai-settings");

    public static async Task<NewBotPage> ExpectShownAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync(SitePath.Is(Path));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New bot", Level = 1 })).ToBeVisibleAsync();
        return new NewBotPage(page);
    }

    // The radios by id: their labels are sentences, and "OpenAI" is also in the key source's label.
    public Task ChooseSandboxAsync() => Form.Locator("#chat-sandbox").CheckAsync();

    public Task ChooseFakeProviderAsync() => Form.Locator("#llm-fake").CheckAsync();

    public Task ChooseOpenAiAsync() => Form.Locator("#llm-openai").CheckAsync();

    public async Task<ReadyPage> CreateAsync(string userId)
    {
        await Form.GetByRole(AriaRole.Button, new() { Name = "Create bot" }).ClickAsync();
        return await ReadyPage.ExpectShownAsync(_page, userId);
    }
}
