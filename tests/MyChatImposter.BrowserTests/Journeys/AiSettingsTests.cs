using MyChatImposter.BrowserTests.Hosting;
using MyChatImposter.BrowserTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace MyChatImposter.BrowserTests.Journeys;

// /bots/{user_id}/ai in a real browser: its script, which keeps the final system prompt in step with the
// persona as it is typed, runs under the Content-Security-Policy. Nothing is saved: the site is shared.
public sealed class AiSettingsTests(ChromiumPerClass chromium) : BrowserTest(chromium)
{
    [Fact]
    public async Task The_final_system_prompt_follows_the_persona_as_it_is_typed()
    {
        var problems = new BrowserProblems(Page);
        var bob = SiteUsers.Bob;
        await (await LoginPage.OpenAsync(Page)).SignInAsync(bob.UserId, bob.Password);

        await Page.GotoAsync($"{BotPage.PathOf(bob.UserId)}/ai");
        await Expect(Page.Locator("#preview")).ToHaveTextAsync("You are bob. Answer briefly.");
        await Page.Locator("#Input_Persona").FillAsync("I am {user_id}; {user_id} keeps {name} and <b>tags</b> as typed.");

        await Expect(Page.Locator("#preview")).ToHaveTextAsync("I am bob; bob keeps {name} and <b>tags</b> as typed.");
        await Expect(Page.Locator("#Input_ApiKey")).ToHaveValueAsync("");
        Assert.Empty(problems.Seen);
    }
}
