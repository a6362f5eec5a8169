using MyChatImposter.BrowserTests.Hosting;
using MyChatImposter.BrowserTests.Pages;
using MyChatImposter.ChatProviders;
using MyChatImposter.ChatProviders.Sandbox;
using MyChatImposter.Delivery;
using static Microsoft.Playwright.Assertions;

namespace MyChatImposter.BrowserTests.Journeys;

// Pages that change while a person looks at them, with no reload: the dashboard's status cell, the sandbox
// chat's replies, the delivery page's depths. Each test first puts the live bot in the state it starts from,
// so their order does not matter.
public sealed class LivePagesTests(ChromiumPerClass chromium, ImposterSite site) : BrowserTest(chromium)
{
    private const string Lena = SiteUsers.LiveBot;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task SignInAsAdminAsync() =>
        await (await LoginPage.OpenAsync(Page)).SignInAsync(SiteUsers.Admin.UserId, SiteUsers.Admin.Password);

    private async Task LinkedAsync(bool linked)
    {
        var sessions = site.Service<ChatSessions>();
        if (linked && sessions.Get(Lena) is null)
        {
            Assert.Equal(SessionChange.Done, (await sessions.LinkAsync(Lena, Ct)).Outcome);
        }
        else if (!linked && sessions.Get(Lena) is not null)
        {
            Assert.Equal(SessionChange.Done, (await sessions.UnlinkAsync(Lena, Ct)).Outcome);
        }
    }

    // The stream is open once the page's Reload link is hidden (live.js); only then can a change reach it.
    private async Task ExpectLiveAsync() => await Expect(Page.Locator("a.reload")).ToBeHiddenAsync();

    [Fact]
    public async Task The_dashboard_shows_a_bot_connected_once_it_is_linked_elsewhere()
    {
        var problems = new BrowserProblems(Page);
        await LinkedAsync(false);
        await SignInAsAdminAsync();
        await BotsPage.ExpectShownAsync(Page);
        var status = Page.Locator($"[data-status-for=\"{Lena}\"] .status-text");
        await Expect(status).ToHaveTextAsync(ChatStatus.Disconnected);
        await ExpectLiveAsync();

        await LinkedAsync(true);

        await Expect(status).ToHaveTextAsync(ChatStatus.Connected);
        await Expect(Page.Locator($"[data-status-for=\"{Lena}\"] .dot")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("status-connected"));
        Assert.Empty(problems.Seen);
    }

    [Fact]
    public async Task The_sandbox_chat_shows_the_message_sent_and_the_bots_reply_without_a_reload()
    {
        var problems = new BrowserProblems(Page);
        await LinkedAsync(true);
        var correspondent = $"carla-{Guid.NewGuid():N}";
        await SignInAsAdminAsync();
        await Page.GotoAsync($"{BotPage.PathOf(Lena)}/chat?correspondent={correspondent}");
        await ExpectLiveAsync();

        await Page.Locator("#Input_Text").FillAsync("Is the pool open today?");
        await Page.Locator("#send").ClickAsync();
        await Expect(Page.Locator("#send-status")).ToHaveTextAsync("Sent and archived.");
        await Expect(Page.Locator("#conversation li.from-correspondent .text")).ToHaveTextAsync("Is the pool open today?");
        site.Service<SandboxWorld>().RecordSend(Lena, correspondent, "text", "Until six, yes.");

        await Expect(Page.Locator("#conversation li.from-bot .text")).ToHaveTextAsync("Until six, yes.");
        await Expect(Page.Locator("#conversation li")).ToHaveCountAsync(2);
        Assert.Empty(problems.Seen);
    }

    [Fact]
    public async Task The_delivery_page_shows_a_queued_message_and_the_new_depth_without_a_reload()
    {
        var problems = new BrowserProblems(Page);
        // Unlinked: the message waits in holding instead of being sent at once.
        await LinkedAsync(false);
        await SignInAsAdminAsync();
        await Page.GotoAsync($"{BotPage.PathOf(Lena)}/delivery");
        var holding = await site.Service<IDeliveryStore>().CountAsync(Lena, DeliveryState.Holding, Ct);
        await Expect(Page.Locator("#holding-count")).ToHaveTextAsync(holding.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ExpectLiveAsync();

        var queued = await site.Service<IDeliveryQueue>().EnqueueAsync(
            new OutboundMessage(Lena, "dora", new TextContent("Back at five"), "browser-test"), Ct);

        await Expect(Page.Locator("#holding-count")).ToHaveTextAsync((holding + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(Page.Locator($"#item-{queued.Value} .message-content")).ToHaveTextAsync("Back at five");
        Assert.Empty(problems.Seen);
    }
}
