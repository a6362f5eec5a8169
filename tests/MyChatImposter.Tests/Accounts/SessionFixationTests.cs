using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using MyChatImposter.Accounts;
using MyChatImposter.Tests.Pages;

namespace MyChatImposter.Tests.Accounts;

// Issue 11, hole 5: signing in on a request that already carries a session starts a new session for the
// account that signed in and ends the one it carried, on the API and on the login page.
public sealed class SessionFixationTests : IAsyncDisposable
{
    private const string Bob = "bob";
    private const string BobPassword = "Bob-Passw0rd!!";
    private const string Carol = "carol";
    private const string CarolPassword = "Carol-Passw0rd!";
    private readonly ImposterApp _app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<string?> SignedInAsAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/external/auth/me", Ct);
        return response.StatusCode == HttpStatusCode.OK
            ? (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["user_id"]!.GetValue<string>()
            : null;
    }

    private async Task<string> BobsCookieAsync()
    {
        await _app.CreateAccountAsync(Bob, BobPassword);
        await _app.CreateAccountAsync(Carol, CarolPassword);
        var response = await _app.CreateClient("10.0.0.1").LoginAsync(Bob, BobPassword);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.SessionCookie();
    }

    [Fact]
    public async Task Signing_in_through_the_api_while_holding_another_session_starts_a_new_one_and_ends_the_old()
    {
        var bobsCookie = await BobsCookieAsync();

        var login = await _app.ClientWithCookie(bobsCookie).LoginAsync(Carol, CarolPassword);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var carolsCookie = login.SessionCookie();
        Assert.NotEqual(bobsCookie, carolsCookie);
        Assert.Equal(Carol, await SignedInAsAsync(_app.ClientWithCookie(carolsCookie)));
        Assert.Null(await SignedInAsAsync(_app.ClientWithCookie(bobsCookie)));
        Assert.Empty(await _app.Service<ILoginSessionStore>().ListForUserAsync(Bob, Ct));
        Assert.Single(await _app.Service<ILoginSessionStore>().ListForUserAsync(Carol, Ct));
    }

    [Fact]
    public async Task Signing_in_again_as_the_same_account_replaces_the_session()
    {
        var bobsCookie = await BobsCookieAsync();

        var login = await _app.ClientWithCookie(bobsCookie).LoginAsync(Bob, BobPassword);

        var newCookie = login.SessionCookie();
        Assert.NotEqual(bobsCookie, newCookie);
        Assert.Equal(Bob, await SignedInAsAsync(_app.ClientWithCookie(newCookie)));
        Assert.Null(await SignedInAsAsync(_app.ClientWithCookie(bobsCookie)));
        Assert.Single(await _app.Service<ILoginSessionStore>().ListForUserAsync(Bob, Ct));
    }

    [Fact]
    public async Task A_failed_sign_in_leaves_the_carried_session_alone()
    {
        var bobsCookie = await BobsCookieAsync();

        var login = await _app.ClientWithCookie(bobsCookie).LoginAsync(Carol, "Wrong-Passw0rd!");

        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Equal(Bob, await SignedInAsAsync(_app.ClientWithCookie(bobsCookie)));
    }

    [Fact]
    public async Task Signing_in_on_the_login_page_while_holding_another_session_starts_a_new_one_and_ends_the_old()
    {
        var bobsCookie = await BobsCookieAsync();
        // A browser: it keeps the antiforgery cookie of the form, and starts with Bob's session cookie.
        var jar = new CookieContainerHandler { InnerHandler = _app.Server.CreateHandler() };
        var (name, value) = (bobsCookie[..bobsCookie.IndexOf('=')], bobsCookie[(bobsCookie.IndexOf('=') + 1)..]);
        jar.Container.Add(new Uri("http://localhost"), new Cookie(name, value));
        var browser = new HttpClient(jar) { BaseAddress = new Uri("http://localhost") };

        var form = await HtmlForm.GetAsync(browser, "/login", "login-form");
        var response = await form.PostAsync(browser, ("Input.UserId", Carol), ("Input.Password", CarolPassword));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var carolsCookie = response.SessionCookie();
        Assert.NotEqual(bobsCookie, carolsCookie);
        Assert.Equal(Carol, await SignedInAsAsync(_app.ClientWithCookie(carolsCookie)));
        Assert.Null(await SignedInAsAsync(_app.ClientWithCookie(bobsCookie)));
    }
}
