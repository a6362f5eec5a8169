using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using MyChatImposter.BrowserTests.Hosting;
using MyChatImposter.BrowserTests.Pages;
using static MyChatImposter.BrowserTests.Hosting.Visitor;

namespace MyChatImposter.BrowserTests.Journeys;

// Every page of the site, as the person it is for sees it: axe-core finds no serious or critical problem in
// light or dark mode, and a full-page screenshot at desktop and phone width (and in dark mode) is saved
// under the test output's screenshots/ folder for a person to look at (CI keeps them as an artifact).
public sealed class EveryPageTests(SignedInBrowser browser) : IClassFixture<SignedInBrowser>
{
    private const string Sandy = SignedInBrowser.SandboxBot;
    private const string Bob = "bob";
    private const string Walter = SiteUsers.WhatsAppBot;

    // One row a page: its name (the screenshots' file names), its path, who looks at it. A new page is one
    // more line here.
    public static readonly IReadOnlyList<SitePage> Table =
    [
        new("login", "/login", Anonymous),
        new("setup", "/setup", FreshSite),
        new("dashboard", "/", Admin),
        new("dashboard-user", "/", Visitor.Bob),
        new("account", "/account", Visitor.Bob),
        new("accounts", "/accounts", Admin),
        new("account-delete", "/accounts/alice/delete", Admin),
        new("audit", "/audit", Admin),
        new("access-denied", AccessDeniedPage.Path, Visitor.Bob),
        new("bot-new", "/bots/new", Admin),
        new("bot-details", BotPath(Sandy), Admin),
        new("bot-details-user", BotPath(Bob), Visitor.Bob),
        new("bot-ready", BotPath(Sandy, "ready"), Admin),
        new("bot-activity", BotPath(Sandy, "activity"), Admin),
        new("bot-edit", BotPath(Sandy, "edit"), Admin),
        new("bot-ai", BotPath(Sandy, "ai"), Admin),
        new("bot-settings-general", BotPath(Sandy, "settings/general"), Admin),
        new("bot-settings-reply", BotPath(Sandy, "settings/reply"), Admin),
        new("bot-settings-limits", BotPath(Sandy, "settings/limits"), Admin),
        new("bot-settings-tracking", BotPath(Sandy, "settings/tracking"), Admin),
        new("bot-chat", BotPath(Sandy, $"chat?correspondent={SignedInBrowser.Correspondent}"), Admin),
        new("bot-chat-unlinked", BotPath(Bob, "chat"), Visitor.Bob),
        new("bot-link", BotPath(Walter, "link"), Admin),
        new("bot-archive", BotPath(Sandy, "archive"), Admin),
        new("bot-archive-conversation", BotPath(Sandy, $"archive?correspondent={SignedInBrowser.Correspondent}"), Admin),
        new("bot-delivery", BotPath(Sandy, "delivery"), Admin),
        new("bot-drafts", BotPath(Sandy, "drafts"), Admin),
        new("bot-memory", BotPath(Sandy, "memory"), Admin),
        new("bot-tracking", BotPath(Sandy, "tracking"), Admin),
        new("bot-llm-interactions", BotPath(Sandy, "llm-interactions"), Admin),
        new("bot-webhooks", BotPath(Sandy, "webhooks"), Admin),
        new("bot-delete", BotPath(Sandy, "delete"), Admin),
        new("bot-not-found", BotPath("ghost"), Admin),
    ];

    public static TheoryData<string> PageNames => [.. Table.Select(page => page.Name)];

    private static readonly string[] Blocking = ["serious", "critical"];

    private static readonly AxeRunOptions Everything = new();

    // The dark palette changes colours only: the other rules would find in dark mode what they found in light.
    private static readonly AxeRunOptions ContrastOnly = new()
    {
        RunOnly = new RunOnlyOptions { Type = "rule", Values = ["color-contrast"] },
    };

    private static string BotPath(string bot, string? subpage = null) =>
        subpage is null ? BotPage.PathOf(bot) : $"{BotPage.PathOf(bot)}/{subpage}";

    [Theory]
    [MemberData(nameof(PageNames))]
    public async Task The_page_has_no_serious_accessibility_problem_in_light_or_dark_mode_and_fits_a_phone(string name)
    {
        DebianChromium.SkipUnlessInstalled();
        var row = Table.Single(page => page.Name == name);
        var page = await browser.NewPageAsync(row.Visitor);
        try
        {
            await page.SetViewportSizeAsync(1280, 800);
            await page.GotoAsync(row.Path);
            // A redirect (to /login, say) would otherwise check and photograph another page.
            Assert.Equal(row.Path.Split('?')[0], new Uri(page.Url).AbsolutePath);

            var problems = await BlockingViolationsAsync(page, "light", Everything);
            await ScreenshotAsync(page, $"{name}-desktop");

            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
            problems.AddRange(await BlockingViolationsAsync(page, "dark", ContrastOnly));
            await ScreenshotAsync(page, $"{name}-dark");

            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
            await page.SetViewportSizeAsync(390, 844);
            await ScreenshotAsync(page, $"{name}-phone");
            // Wide content (tables, code) scrolls inside its own box; the page itself never scrolls sideways.
            var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            if (scrollWidth > 390)
            {
                problems.Add($"- [phone] the page is {scrollWidth} px wide at a 390 px viewport: it scrolls sideways");
            }

            Assert.True(problems.Count == 0, $"axe-core on {row.Path}:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private static async Task<List<string>> BlockingViolationsAsync(IPage page, string mode, AxeRunOptions options)
    {
        var result = await page.RunAxe(options);
        // Guards the check itself: an axe that ran no rule would find nothing wrong.
        Assert.NotEmpty(result.Passes);
        return
        [
            .. result.Violations
                .Where(violation => Blocking.Contains(violation.Impact))
                .Select(violation => Describe(violation, mode)),
        ];
    }

    private static string Describe(AxeResultItem violation, string mode) =>
        $"- [{mode}] {violation.Id} ({violation.Impact}): {violation.Help} {violation.HelpUrl}" +
        string.Concat(violation.Nodes.Select(node => $"{Environment.NewLine}    at {node.Target}: {string.Join(" ", node.Any.Concat(node.All).Concat(node.None).Select(check => check.Message))}"));

    private static async Task ScreenshotAsync(IPage page, string fileName) =>
        await page.ScreenshotAsync(new()
        {
            Path = Path.Combine(AppContext.BaseDirectory, "screenshots", $"{fileName}.png"),
            FullPage = true,
        });
}

public sealed record SitePage(string Name, string Path, Visitor Visitor);
