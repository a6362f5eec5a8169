using MyChatImposter.BrowserTests.Hosting;
using MyChatImposter.BrowserTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace MyChatImposter.BrowserTests.Journeys;

// The Content-Security-Policy allows no inline script or style: markup that slips one in is blocked by
// the browser, which only says so on the console.
public sealed class PageHealthTests(ChromiumPerClass chromium) : BrowserTest(chromium)
{
    [Fact]
    public async Task The_login_page_shows_no_console_errors_or_csp_violations_also_after_a_rejected_sign_in()
    {
        var problems = new BrowserProblems(Page);

        var login = await LoginPage.OpenAsync(Page);
        await login.SignInExpectingRejectionAsync(SiteUsers.Alice.UserId, "Wrong-Passw0rd!");

        Assert.Empty(problems.Seen);
    }

    [Fact]
    public async Task The_bots_pages_show_no_console_errors_or_csp_violations()
    {
        var problems = new BrowserProblems(Page);

        var bots = await (await LoginPage.OpenAsync(Page)).SignInAsync(SiteUsers.Admin.UserId, SiteUsers.Admin.Password);
        await bots.OpenBotAsync(SiteUsers.Bob.UserId);

        Assert.Empty(problems.Seen);
    }

    // The API reference (Scalar) runs its start-up script by the nonce of its own response and injects its styles:
    // the relaxed policy of that one page must let it render, and everything it loads must come from this host.
    [Fact]
    public async Task The_api_reference_renders_from_this_host_alone_without_console_errors_or_csp_violations()
    {
        var problems = new BrowserProblems(Page);
        var requested = new List<string>();
        Page.Request += (_, request) =>
        {
            lock (requested)
            {
                requested.Add(request.Url);
            }
        };

        await Page.GotoAsync("/docs");

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "My Chat Imposter API" })).ToBeVisibleAsync();
        await Expect(Page.GetByText("Webhooks", new() { Exact = true }).First).ToBeVisibleAsync();
        var origin = new Uri(Page.Url).GetLeftPart(UriPartial.Authority);
        lock (requested)
        {
            Assert.Contains(requested, url => url.EndsWith("/openapi/v1.json", StringComparison.Ordinal));
            Assert.DoesNotContain(requested, url => url.StartsWith("http", StringComparison.Ordinal) && !url.StartsWith(origin, StringComparison.Ordinal));
        }
        Assert.Empty(problems.Seen);
    }

    // Guards the two tests above: if CSP violations stopped reaching the console listener they would pass
    // while seeing nothing.
    [Fact]
    public async Task An_inline_script_is_blocked_and_reported_as_a_csp_violation()
    {
        var problems = new BrowserProblems(Page);
        await LoginPage.OpenAsync(Page);

        var report = await Page.RunAndWaitForConsoleMessageAsync(
            () => Page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1'; document.body.append(s); }"),
            new() { Predicate = message => message.Type == "error" });

        Assert.Contains("Content Security Policy", report.Text, StringComparison.Ordinal);
        Assert.Null(await Page.EvaluateAsync<int?>("() => window.injected ?? null"));
        Assert.Single(problems.Seen);
    }
}
