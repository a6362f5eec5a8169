using MyChatImposter.BrowserTests.Hosting;
using MyChatImposter.BrowserTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace MyChatImposter.BrowserTests.Journeys;

public sealed class SignInTests(ChromiumPerClass chromium) : BrowserTest(chromium)
{
    private const string SessionCookie = "imposter_session";

    [Fact]
    public async Task An_admin_signs_in_and_sees_every_configured_bot_with_their_name_in_the_header()
    {
        var login = await LoginPage.OpenAsync(Page);

        var bots = await login.SignInAsync(SiteUsers.Admin.UserId, SiteUsers.Admin.Password);

        await bots.Header.ExpectSignedInAsAsync(SiteUsers.Admin.UserId);
        Assert.Equal(SiteUsers.Bots, (await bots.ListedBotsAsync()).Except(SiteUsers.CreatedByJourneys));
        await Expect(bots.NoBots).ToHaveCountAsync(0);
        var bot = await bots.OpenBotAsync(SiteUsers.Alice.UserId);
        await Expect(bot.Summary).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_wrong_password_shows_the_error_on_the_login_page_and_sets_no_session_cookie()
    {
        var login = await LoginPage.OpenAsync(Page);

        login = await login.SignInExpectingRejectionAsync(SiteUsers.Alice.UserId, "Wrong-Passw0rd!");

        await Expect(login.ErrorMessage).ToHaveTextAsync("The user id or password is not correct.");
        await Expect(login.UserId).ToHaveValueAsync(SiteUsers.Alice.UserId);
        await Expect(login.Password).ToBeEmptyAsync();
        await Expect(Page.Locator("#logout")).ToHaveCountAsync(0);
        Assert.DoesNotContain(await Context.CookiesAsync(), cookie => cookie.Name.EndsWith(SessionCookie, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Signing_out_returns_to_the_login_page_and_the_bots_page_needs_a_new_sign_in()
    {
        var bots = await (await LoginPage.OpenAsync(Page)).SignInAsync(SiteUsers.Admin.UserId, SiteUsers.Admin.Password);

        await bots.Header.SignOutAsync();

        Assert.DoesNotContain(await Context.CookiesAsync(), cookie => cookie.Name.EndsWith(SessionCookie, StringComparison.Ordinal));

        // Back goes to the history entry of "/". The bots list must not come back from the back/forward
        // or HTTP cache (signed-in pages are sent with no-store), and asking the server again (reload)
        // must end on the login page too.
        await Page.GoBackAsync();
        await Expect(Page.Locator("#bots")).ToHaveCountAsync(0);
        await LoginPage.ExpectShownAsync(Page);
        await Page.ReloadAsync();
        await LoginPage.ExpectShownAsync(Page);
        await Expect(Page.Locator("#bots")).ToHaveCountAsync(0);

        await Page.GotoAsync("/");
        await LoginPage.ExpectShownAsync(Page);
        Assert.Contains("ReturnUrl=%2F", new Uri(Page.Url).Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_and_same_site_lax()
    {
        var signedInAt = DateTimeOffset.UtcNow;
        await (await LoginPage.OpenAsync(Page)).SignInAsync(SiteUsers.Bob.UserId, SiteUsers.Bob.Password);

        var session = Assert.Single(await Context.CookiesAsync(), cookie => cookie.Name == SessionCookie);

        Assert.True(session.HttpOnly, "page scripts must not be able to read the session cookie");
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);
        Assert.Equal("/", session.Path);
        // Plain HTTP here, so neither Secure nor the __Host- prefix (HostPrefixedCookieManager adds both over HTTPS).
        Assert.False(session.Secure);
        // Persistent, for the configured lifetime (24 h by default), not a browser-session cookie. The margin is
        // minutes, not seconds: the test machines' clock is stepped now and then (a CI run saw it go back 60 s
        // between this test's first line and the sign-in), and the point is 24 h against a session cookie.
        var expires = DateTimeOffset.FromUnixTimeSeconds((long)session.Expires);
        Assert.InRange(expires, signedInAt.AddHours(24).AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(24).AddMinutes(5));
    }
}
