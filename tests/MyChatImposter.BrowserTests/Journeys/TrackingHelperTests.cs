using System.Text.RegularExpressions;
using MyChatImposter.BrowserTests.Hosting;
using MyChatImposter.BrowserTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace MyChatImposter.BrowserTests.Journeys;

// The Edit page's tracked groups helper in a real browser: its script asks the tracking page for a cron's
// next occurrences as it is typed, under the Content-Security-Policy. Nothing is saved: the site is shared.
public sealed class TrackingHelperTests(ChromiumPerClass chromium) : BrowserTest(chromium)
{
    [Fact]
    public async Task A_crons_next_occurrences_follow_what_is_typed()
    {
        var problems = new BrowserProblems(Page);
        var bob = SiteUsers.Bob;
        await (await LoginPage.OpenAsync(Page)).SignInAsync(bob.UserId, bob.Password);
        await Page.GotoAsync($"{BotPage.PathOf(bob.UserId)}/edit");
        var occurrences = Page.Locator("#cron-occurrences li");

        await Expect(Page.Locator("#tracking-help")).ToBeVisibleAsync();
        await Expect(occurrences).ToHaveCountAsync(5);
        await Expect(occurrences.First).ToHaveTextAsync(LocalTime("20:00"));
        await Page.Locator("#cron").FillAsync("30 7 * * 1");
        await Expect(occurrences.Nth(4)).ToHaveTextAsync(LocalTime("07:30", "Mon"));
        await Page.Locator("#cron").FillAsync("30 7 * *");

        await Expect(Page.Locator("#cron-problem")).ToContainTextAsync("must be a five-field cron expression");
        await Expect(occurrences).ToHaveCountAsync(0);
        Assert.Empty(problems.Seen);
    }

    // "Mon 2027-01-18 07:30 Europe/Paris", whatever today is and whatever the bot's zone.
    private static Regex LocalTime(string time, string day = "[A-Z][a-z]{2}") => new($"^{day} \\d{{4}}-\\d{{2}}-\\d{{2}} {time} \\S+$");
}
