using System.Net;
using MyChatImposter.Accounts;

namespace MyChatImposter.Tests.Pages;

// /login: the cookie sign-in page, sharing LoginService (lockout, audit) with the API.
public sealed class LoginPageTests : IAsyncDisposable
{
    private const string Bob = "bob";
    private const string BobPassword = "Bob-Passw0rd!!";
    private readonly ImposterApp _app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string password)
    {
        var form = await HtmlForm.GetAsync(client, "/login", "login-form");
        return await form.PostAsync(client, ("Input.UserId", Bob), ("Input.Password", password));
    }

    [Fact]
    public async Task The_right_password_signs_in_and_goes_home()
    {
        await _app.CreateAccountAsync(Bob, BobPassword);
        var client = _app.CreateClient("10.0.0.1");

        var response = await SignInAsync(client, BobPassword);

        var home = await response.FollowRedirectAsync(client, "/");
        Assert.Contains("id=\"my-account\"", home);
        Assert.Contains(">bob</a>", home);
    }

    [Fact]
    public async Task A_wrong_password_shows_the_message_and_keeps_the_user_signed_out()
    {
        await _app.CreateAccountAsync(Bob, BobPassword);
        var client = _app.CreateClient("10.0.0.1");

        var response = await SignInAsync(client, "Wrong-Passw0rd!");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.ReadAsync();
        Assert.Equal(new[] { "The user id or password is not correct." }, HtmlPage.FormErrors(html));
        Assert.DoesNotContain("Wrong-Passw0rd!", html);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/account", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_locked_pair_shows_the_lock_message_even_with_the_right_password()
    {
        // One failure locks the (account, address) pair, so the lock is reached with a single bcrypt check.
        await using var app = new ImposterApp(new Dictionary<string, string> { ["Auth:MaxFailures"] = "1" });
        await app.CreateAccountAsync(Bob, BobPassword);
        var client = app.CreateClient("10.0.0.1");

        var failed = await SignInAsync(client, "Wrong-Passw0rd!");
        var locked = await SignInAsync(client, BobPassword);

        foreach (var response in new[] { failed, locked })
        {
            Assert.Equal(HttpStatusCode.Locked, response.StatusCode);
            var error = Assert.Single(HtmlPage.FormErrors(await response.ReadAsync()));
            Assert.StartsWith("Too many failed attempts. Signing in to this account from here is locked for 5 more minute(s).", error);
        }
        // Another address is not locked out by these failures.
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(app.CreateClient("10.0.0.2"), BobPassword)).StatusCode);
    }

    [Fact]
    public async Task Missing_fields_are_shown_beside_them()
    {
        var client = _app.CreateClient("10.0.0.1");
        var form = await HtmlForm.GetAsync(client, "/login", "login-form");

        var response = await form.PostAsync(client, ("Input.UserId", ""), ("Input.Password", ""));

        var html = await response.ReadAsync();
        Assert.Equal(new[] { "Enter your user id." }, HtmlPage.FieldErrors(html, "Input.UserId"));
        Assert.Equal(new[] { "Enter your password." }, HtmlPage.FieldErrors(html, "Input.Password"));
    }
}
