using MyChatImposter.BrowserTests.Hosting;
using MyChatImposter.BrowserTests.Pages;
using MyChatImposter.ChatProviders;
using MyChatImposter.Pipeline;
using MyChatImposter.Storage;
using static Microsoft.Playwright.Assertions;

namespace MyChatImposter.BrowserTests.Journeys;

// The automatic reply section in a real browser: Bob picks a contact his bot has seen, the list editor's
// script puts it in a row in place, and saving stores it in the whitelist. The site is shared, so his bot's
// configuration is put back afterwards.
public sealed class SettingsFormsTests(ChromiumPerClass chromium, ImposterSite site) : BrowserTest(chromium)
{
    private const string Zoe = "zoe-settings-journey";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Bob_adds_a_contact_to_the_whitelist_from_the_picker_and_saves()
    {
        var problems = new BrowserProblems(Page);
        var bob = SiteUsers.Bob;
        var store = site.Service<IBotConfigurationStore>();
        var before = (await store.GetAsync(bob.UserId, Ct))!;
        await site.Service<IMessageArchive>().AppendAsync(
        [
            new ArchivedMessage(bob.UserId, "dummy", Zoe, 1, $"{Zoe}-1", "hi Bob", new ChatParty(Zoe, "Zoe", []),
                MessageSource.User, DateTimeOffset.UtcNow, null, null),
        ], Ct);
        try
        {
            await (await LoginPage.OpenAsync(Page)).SignInAsync(bob.UserId, bob.Password);
            await Page.GotoAsync($"{BotPage.PathOf(bob.UserId)}/settings/reply");
            await Expect(Page.Locator("#settings-reply")).ToBeVisibleAsync();
            var rowsBefore = await Page.Locator("#contacts [data-row]").CountAsync();

            await Page.Locator("#pick-contacts").SelectOptionAsync(Zoe);
            await Page.Locator("#contacts button[data-row-action=pick]").ClickAsync();

            // In place: the contact fills the blank row, says what it matches, and a new blank row follows.
            var filled = Page.Locator($"#contacts [data-row]:has(input[data-entry]) >> nth={rowsBefore - 1}");
            await Expect(filled.Locator("input[data-entry]")).ToHaveValueAsync(Zoe);
            await Expect(filled.Locator("[data-matches]")).ToHaveTextAsync("matches Zoe (1 conversation)");
            await Expect(Page.Locator("#contacts [data-row]")).ToHaveCountAsync(rowsBefore + 1);

            await Page.Locator("#save").ClickAsync();
            await Expect(Page.Locator("p.notice")).ToContainTextAsync("Automatic reply settings of bob saved.");
            var stored = (await store.GetAsync(bob.UserId, Ct))!;
            Assert.Equal([.. before.Features.AutomaticBotReply.RespondToWhitelist.Select(entry => entry.Trim()), Zoe],
                stored.Features.AutomaticBotReply.RespondToWhitelist);
            await Expect(Page.Locator($"#contacts input[value='{Zoe}']")).ToHaveCountAsync(1);
            Assert.Empty(problems.Seen);
        }
        finally
        {
            await store.SaveAsync(before, Ct);
            await site.Service<IMessageArchive>().DeleteAsync(bob.UserId, Zoe, Ct);
        }
    }
}
