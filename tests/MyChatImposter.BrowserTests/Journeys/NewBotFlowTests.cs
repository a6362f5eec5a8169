using MyChatImposter.BrowserTests.Hosting;
using MyChatImposter.BrowserTests.Pages;
using MyChatImposter.ChatProviders;
using MyChatImposter.Pages;
using static Microsoft.Playwright.Assertions;

namespace MyChatImposter.BrowserTests.Journeys;

// A regular user without a bot creates one with the new-bot flow in a real browser (its scripts under the
// Content-Security-Policy: the time zone taken from the browser, the OpenAI fields shown only for OpenAI)
// and goes straight to chatting with it in the sandbox. The only test that creates a bot on the shared
// site: Nina's (SiteUsers.CreatedByJourneys).
public sealed class NewBotFlowTests(ChromiumPerClass chromium, ImposterSite site) : BrowserTest(chromium)
{
    private const string BrowserTimeZone = "Europe/Paris";

    [Fact]
    public async Task A_new_user_creates_a_sandbox_bot_with_the_fake_provider_and_lands_linked_in_its_chat()
    {
        var nina = SiteUsers.Nina;
        // A visitor whose browser is in Paris, whatever the machine's zone.
        await using var context = await Chromium.NewContextAsync(BrowserTimeZone);
        var page = await context.NewPageAsync();
        var problems = new BrowserProblems(page);
        var bots = await (await LoginPage.OpenAsync(page)).SignInAsync(nina.UserId, nina.Password);
        await Expect(bots.NoBots).ToBeVisibleAsync();

        await page.Locator("#new-bot").ClickAsync();
        var form = await NewBotPage.ExpectShownAsync(page);
        await Expect(form.UserId).ToHaveValueAsync(nina.UserId);
        await Expect(form.TimeZone).ToHaveValueAsync(BrowserTimeZone);
        await form.ChooseOpenAiAsync();
        await Expect(form.OpenAiSettings).ToBeVisibleAsync();
        await form.ChooseFakeProviderAsync();
        await Expect(form.OpenAiSettings).ToBeHiddenAsync();
        await form.FirstName.FillAsync("Nina");
        await form.ChooseSandboxAsync();
        var ready = await form.CreateAsync(nina.UserId);

        await ready.TryInTheSandboxAsync();

        await Expect(page).ToHaveURLAsync(SitePath.Is($"{BotPage.PathOf(nina.UserId)}/chat"));
        await Expect(page.Locator("#send-message")).ToBeVisibleAsync();
        await Expect(page.Locator("#Input_CorrespondentId")).ToHaveValueAsync(NewBotDocument.SandboxContact);
        var session = site.Service<ChatSessions>().Get(nina.UserId);
        Assert.Equal(ChatStatus.Connected, session?.Status.Status);
        Assert.Equal(("Nina", BrowserTimeZone), (session!.Configuration.Configurations.UserDetails.FirstName,
            session.Configuration.Configurations.UserDetails.Timezone));
        Assert.Empty(problems.Seen);
    }
}
