using MyChatImposter.AutoReply;
using MyChatImposter.BrowserTests.Hosting;
using MyChatImposter.BrowserTests.Pages;
using MyChatImposter.Delivery;
using MyChatImposter.OwnerControl;
using static Microsoft.Playwright.Assertions;

namespace MyChatImposter.BrowserTests.Journeys;

// /bots/{user_id}/drafts in a real browser: Bob decides three drafts his bot wrote while in approve mode.
// The drafts are stored as the bot stores them (the bot is not linked here, so what he sends waits in his
// delivery queue's holding list, which is where this test reads it).
public sealed class DraftsPageTests(ChromiumPerClass chromium, ImposterSite site) : BrowserTest(chromium)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Bob_approves_one_draft_edits_and_sends_another_and_rejects_a_third()
    {
        var problems = new BrowserProblems(Page);
        var bob = SiteUsers.Bob;
        var approve = await DraftAsync(bob.UserId, "Dana", "are you coming tonight?", "Yes, at 8");
        var edit = await DraftAsync(bob.UserId, "Eli", "lunch tomorrow?", "Sure");
        var reject = await DraftAsync(bob.UserId, "Finn", "can I borrow the car?", "Of course");
        await (await LoginPage.OpenAsync(Page)).SignInAsync(bob.UserId, bob.Password);
        await Page.GotoAsync($"{BotPage.PathOf(bob.UserId)}/drafts");
        await Expect(Page.Locator($"#draft-{approve.Number}")).ToContainTextAsync("are you coming tonight?");

        await Page.Locator($"#approve-{approve.Number}").ClickAsync();
        await Expect(Page.Locator("p.notice")).ToContainTextAsync($"Draft {approve.Number} is on its way to Dana");
        await Page.Locator($"#text-{edit.Number}").FillAsync("Sorry, not tomorrow. Thursday?");
        await Page.Locator($"#approve-{edit.Number}").ClickAsync();
        await Expect(Page.Locator("p.notice")).ToContainTextAsync("Your words are on their way to Eli");
        await Page.Locator($"#reject-{reject.Number}").ClickAsync();
        await Expect(Page.Locator("p.notice")).ToContainTextAsync($"Draft {reject.Number} rejected");

        await Expect(Page.Locator($"#draft-{approve.Number}")).ToHaveCountAsync(0);
        await Expect(Page.Locator($"#decided-{approve.Number} .state")).ToHaveTextAsync("approved");
        await Expect(Page.Locator($"#decided-{edit.Number} .state")).ToHaveTextAsync("replaced");
        await Expect(Page.Locator($"#decided-{edit.Number} .sent-text")).ToHaveTextAsync("Sorry, not tomorrow. Thursday?");
        await Expect(Page.Locator($"#decided-{reject.Number} .state")).ToHaveTextAsync("rejected");
        var queued = await site.Service<IDeliveryStore>().ListAsync(bob.UserId, DeliveryState.Holding, 0, DeliveryStates.MaxPage, Ct);
        Assert.Equal([("Dana", "\"Yes, at 8\""), ("Eli", "\"Sorry, not tomorrow. Thursday?\"")],
            queued.Where(item => item.Origin == OwnerDesk.ApprovedOrigin).Select(item => (item.Recipient, item.Content)));
        Assert.Empty(problems.Seen);
    }

    private Task<Draft> DraftAsync(string userId, string contact, string question, string reply) =>
        site.Service<IDraftStore>().AddAsync(new Draft(Guid.NewGuid().ToString(), userId, contact, contact,
            [new Utterance(contact, question)], reply, DraftState.Pending, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1)), Ct);
}
