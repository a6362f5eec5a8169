using System.Net;
using MyChatImposter.Accounts;

namespace MyChatImposter.Tests.Pages;

// /setup: the first administrator, created with the one-time code while no administrator exists.
public sealed class SetupPageTests : IAsyncDisposable
{
    private const string Root = "root";
    private const string RootPassword = "Root-Passw0rd!";
    private readonly ImposterApp _app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private string Code => _app.Service<FirstRunSetup>().Code ?? throw new InvalidOperationException("setup is not open");

    private static Task<HttpResponseMessage> SubmitAsync(HtmlForm form, HttpClient client, string code, string password) =>
        form.PostAsync(client, ("Input.Code", code), ("Input.UserId", Root), ("Input.Password", password), ("Input.ConfirmPassword", password));

    [Fact]
    public async Task A_wrong_code_is_shown_beside_the_code_field()
    {
        var client = _app.CreateClient("10.0.0.1");
        var form = await HtmlForm.GetAsync(client, "/setup", "setup-form");

        var response = await SubmitAsync(form, client, "AAAAA-AAAAA", RootPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new[] { "This is not the code printed on the host's console." },
            HtmlPage.FieldErrors(await response.ReadAsync(), "Input.Code"));
        Assert.Null(await _app.Service<IAccountStore>().GetAsync(Root, Ct));
    }

    [Fact]
    public async Task A_weak_password_lists_its_problems_beside_the_password_field()
    {
        var client = _app.CreateClient("10.0.0.1");
        var form = await HtmlForm.GetAsync(client, "/setup", "setup-form");

        var response = await SubmitAsync(form, client, Code, "password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PasswordPolicy.Check("password"), HtmlPage.FieldErrors(await response.ReadAsync(), "Input.Password"));
        Assert.Null(await _app.Service<IAccountStore>().GetAsync(Root, Ct));
        Assert.NotNull(_app.Service<FirstRunSetup>().Code);
    }

    [Fact]
    public async Task The_right_code_creates_the_administrator_and_closes_setup()
    {
        var client = _app.CreateClient("10.0.0.1");
        var form = await HtmlForm.GetAsync(client, "/setup", "setup-form");

        var response = await SubmitAsync(form, client, Code.ToLowerInvariant(), RootPassword);

        var login = await response.FollowRedirectAsync(client, "/login");
        Assert.Equal("The administrator was created. Sign in.", HtmlPage.Message(login));
        Assert.DoesNotContain("id=\"setup-notice\"", login);
        Assert.Equal(AccountRole.Admin, (await _app.Service<IAccountStore>().GetAsync(Root, Ct))!.Role);
        Assert.Null(_app.Service<FirstRunSetup>().Code);
        var again = await client.GetAsync("/setup", Ct);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("/login", again.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Once_an_administrator_exists_setup_redirects_even_with_the_code()
    {
        var client = _app.CreateClient("10.0.0.1");
        var code = Code;
        await _app.CreateAccountAsync(ImposterApp.AdminId, ImposterApp.AdminPassword, AccountRole.Admin);

        var page = await client.GetAsync("/setup", Ct);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login", page.Headers.Location!.OriginalString);

        // A form posted straight at /setup, with a token taken from the login page.
        var loginForm = await HtmlForm.GetAsync(client, "/login", "login-form");
        var token = loginForm.Fields[HtmlForm.AntiforgeryField];
        var post = await client.PostAsync("/setup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [HtmlForm.AntiforgeryField] = token,
            ["Input.Code"] = code,
            ["Input.UserId"] = Root,
            ["Input.Password"] = RootPassword,
            ["Input.ConfirmPassword"] = RootPassword,
        }), Ct);

        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal("/login", post.Headers.Location!.OriginalString);
        Assert.Null(await _app.Service<IAccountStore>().GetAsync(Root, Ct));
    }
}
