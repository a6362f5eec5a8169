using System.Net;
using System.Text.RegularExpressions;
using MyChatImposter.Accounts;
using MyChatImposter.Accounts.Tokens;

namespace MyChatImposter.Tests.Pages.Account;

// /account's "API tokens" section, and the administrators' list of everyone's tokens on /accounts.
public sealed partial class AccountTokensPageTests : IAsyncDisposable
{
    private const string Bob = "bob";
    private const string BobPassword = "Bob-Passw0rd!!";
    private readonly ImposterApp _app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<HttpClient> BobAsync()
    {
        await _app.CreateAccountAsync(Bob, BobPassword);
        return await _app.SignedInClientAsync(Bob, BobPassword);
    }

    [Fact]
    public async Task A_created_token_is_shown_once_then_listed_by_name_and_prefix_and_works()
    {
        var bob = await BobAsync();
        var form = await HtmlForm.GetAsync(bob, "/account", "create-token");

        var response = await form.PostAsync(bob, ("NewToken.Name", "home assistant"), ("NewToken.ExpiresInDays", "90"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.ReadAsync();
        Assert.Contains("Copy it now; it is not shown again.", html);
        var text = CreatedToken().Match(html).Groups["token"].Value;
        Assert.StartsWith(ApiTokenText.Marker, text);
        var stored = Assert.Single(await _app.Service<IApiTokenStore>().ListAsync(Bob, Ct));
        Assert.Equal(("home assistant", _app.Time.GetUtcNow().AddDays(90)), (stored.Name, stored.ExpiresAt));
        Assert.Equal(HttpStatusCode.OK, (await _app.TokenClient(text).GetAsync("/api/external/auth/me", Ct)).StatusCode);

        var later = await HtmlPage.GetAsync(bob, "/account");
        Assert.DoesNotContain(text, later);
        Assert.DoesNotContain("id=\"token-created\"", later);
        Assert.Contains($"id=\"token-{stored.Id}\"", later);
        Assert.Contains($"<code>{stored.Prefix}…</code>", later);
    }

    [Theory]
    [InlineData("", "Name the token, for example after the script that will use it.")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890", "The name must be 1 to 60 characters, without control characters.")]
    [InlineData("taken", "You already have a token named 'taken'; choose another name or revoke that one.")]
    public async Task A_refused_name_shows_the_problem_beside_the_field_and_creates_nothing(string name, string expected)
    {
        var bob = await BobAsync();
        await _app.CreateTokenAsync(Bob, "taken");
        var form = await HtmlForm.GetAsync(bob, "/account", "create-token");

        var response = await form.PostAsync(bob, ("NewToken.Name", name));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.ReadAsync();
        Assert.Contains(expected, HtmlPage.FieldErrors(html, "NewToken.Name"));
        Assert.DoesNotContain("id=\"token-created\"", html);
        // The password form's own validation stays out of it.
        Assert.Empty(HtmlPage.FieldErrors(html, "Input.CurrentPassword"));
        Assert.Single(await _app.Service<IApiTokenStore>().ListAsync(Bob, Ct));
    }

    [Fact]
    public async Task An_expiry_out_of_range_shows_the_problem_beside_the_select_and_creates_nothing()
    {
        var bob = await BobAsync();
        var form = await HtmlForm.GetAsync(bob, "/account", "create-token");

        var response = await form.PostAsync(bob, ("NewToken.Name", "cron"), ("NewToken.ExpiresInDays", "0"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The expiry must be 1 to 3650 days, or none for a token that does not expire.",
            HtmlPage.FieldErrors(await response.ReadAsync(), "NewToken.ExpiresInDays"));
        Assert.Empty(await _app.Service<IApiTokenStore>().ListAsync(Bob, Ct));
    }

    [Fact]
    public async Task An_unreadable_expiry_is_refused_and_creates_nothing()
    {
        var bob = await BobAsync();
        var form = await HtmlForm.GetAsync(bob, "/account", "create-token");

        var response = await form.PostAsync(bob, ("NewToken.Name", "cron"), ("NewToken.ExpiresInDays", "soon"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await _app.Service<IApiTokenStore>().ListAsync(Bob, Ct));
    }

    [Fact]
    public async Task Revoking_a_token_on_the_page_refuses_it_from_then_on()
    {
        var bob = await BobAsync();
        var text = await _app.CreateTokenAsync(Bob, "old script");
        var token = Assert.Single(await _app.Service<IApiTokenStore>().ListAsync(Bob, Ct));
        var form = await HtmlForm.GetAsync(bob, "/account", $"revoke-token-{token.Id}");

        var page = await (await form.PostAsync(bob)).FollowRedirectAsync(bob, "/account");

        Assert.Equal("The token \u201cold script\u201d is revoked; calls with it are refused from now on.", HtmlPage.Message(page));
        Assert.DoesNotContain($"id=\"revoke-token-{token.Id}\"", page);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.TokenClient(text).GetAsync("/api/external/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task Someone_elses_token_is_not_revoked_from_the_account_page()
    {
        var bob = await BobAsync();
        await _app.CreateTokenAsync(Bob, "mine");
        await _app.CreateAccountAsync("carol", "Carol-Passw0rd!!");
        await _app.CreateTokenAsync("carol", "hers");
        var carols = (await _app.Service<IApiTokenStore>().ListAsync("carol", Ct)).Single();
        var mine = (await _app.Service<IApiTokenStore>().ListAsync(Bob, Ct)).Single();
        var form = await HtmlForm.GetAsync(bob, "/account", $"revoke-token-{mine.Id}");

        var page = await (await form.PostAsync(bob, ("tokenId", carols.Id))).FollowRedirectAsync(bob, "/account");

        Assert.Equal("Nothing revoked: you have no such token.", HtmlPage.Message(page));
        Assert.Null((await _app.Service<IApiTokenStore>().GetAsync(carols.Id, Ct))!.RevokedAt);
    }

    [Fact]
    public async Task An_administrator_sees_everyones_tokens_and_revokes_one()
    {
        var admin = await _app.AdminClientAsync();
        await BobAsync();
        var text = await _app.CreateTokenAsync(Bob, "bob's script");
        var token = Assert.Single(await _app.Service<IApiTokenStore>().ListAsync(Bob, Ct));

        var html = await HtmlPage.GetAsync(admin, "/accounts");
        Assert.Contains("bob&#x27;s script", html);
        var page = await (await HtmlForm.Find(html, $"revoke-token-{token.Id}", "/accounts").PostAsync(admin))
            .FollowRedirectAsync(admin, "/accounts");

        Assert.Equal("The token \u201cbob's script\u201d of bob is revoked.", HtmlPage.Message(page));
        Assert.Contains("revoked by admin", page);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.TokenClient(text).GetAsync("/api/external/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_delete_page_says_the_accounts_tokens_go_with_it()
    {
        var admin = await _app.AdminClientAsync();
        await BobAsync();
        await _app.CreateTokenAsync(Bob, "one");
        await _app.CreateTokenAsync(Bob, "two");

        var page = await HtmlPage.GetAsync(admin, "/accounts/bob/delete");

        Assert.Contains("Its API tokens (2) are deleted", page);
    }

    [GeneratedRegex("id=\"created-token\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex CreatedToken();
}
