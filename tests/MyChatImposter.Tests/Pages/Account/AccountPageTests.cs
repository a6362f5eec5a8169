using System.Net;
using System.Text.RegularExpressions;
using MyChatImposter.Accounts;
using MyChatImposter.Audit;

namespace MyChatImposter.Tests.Pages.Account;

// /account: a user's own password and sessions.
public sealed partial class AccountPageTests : IAsyncDisposable
{
    private const string Bob = "bob";
    private const string BobPassword = "Bob-Passw0rd!!";
    private const string NewPassword = "Fresh-Passw0rd!";
    private readonly ImposterApp _app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<HttpClient> BobAsync(string clientIp = "10.0.0.1")
    {
        if (await _app.Service<IAccountStore>().GetAsync(Bob, Ct) is null)
        {
            await _app.CreateAccountAsync(Bob, BobPassword);
        }
        return await _app.SignedInClientAsync(Bob, BobPassword, clientIp);
    }

    private static async Task<bool> IsSignedInAsync(HttpClient client) =>
        (await client.GetAsync("/account", Ct)).StatusCode == HttpStatusCode.OK;

    private Task<IReadOnlyList<LoginSession>> SessionsAsync() =>
        _app.Service<ILoginSessionStore>().ListForUserAsync(Bob, Ct);

    [Fact]
    public async Task A_user_sees_their_identity_and_sessions_with_this_one_marked()
    {
        var bob = await BobAsync();
        await BobAsync("10.0.0.2");

        var html = await HtmlPage.GetAsync(bob, "/account");

        Assert.Contains("<td id=\"user-id\">bob</td>", html);
        Assert.Contains("<td id=\"role\">regular user</td>", html);
        var sessions = await SessionsAsync();
        Assert.Equal(2, sessions.Count);
        foreach (var session in sessions)
        {
            Assert.Contains($"id=\"session-{SessionIds.Fingerprint(session.IdHash)}\"", html);
            Assert.DoesNotContain(session.IdHash, html);
        }
        Assert.Single(Regex.Matches(html, "this session"));
        Assert.Single(EndSessionForms(html));
        Assert.Contains("10.0.0.2", html);
    }

    [Fact]
    public async Task Without_a_session_the_page_sends_to_login()
    {
        var response = await _app.CreateClient("10.0.0.9").GetAsync("/account", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData("Wrong-Passw0rd!", NewPassword, NewPassword, "Input.CurrentPassword", "The current password is not correct.")]
    [InlineData(BobPassword, "weak", "weak", "Input.NewPassword", "At least 8 characters are required.")]
    [InlineData(BobPassword, NewPassword, "Fresh-Passw0rd?", "Input.RepeatPassword", "The new passwords differ.")]
    [InlineData("", NewPassword, NewPassword, "Input.CurrentPassword", "Enter your current password.")]
    public async Task A_refused_password_change_shows_the_problem_beside_its_field(
        string current, string chosen, string repeated, string field, string expected)
    {
        var bob = await BobAsync();
        var hashBefore = (await _app.Service<IAccountStore>().GetAsync(Bob, Ct))!.PasswordHash;
        var form = await HtmlForm.GetAsync(bob, "/account", "change-password");

        var response = await form.PostAsync(bob,
            ("Input.CurrentPassword", current), ("Input.NewPassword", chosen), ("Input.RepeatPassword", repeated));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.ReadAsync();
        Assert.Contains(expected, HtmlPage.FieldErrors(html, field));
        foreach (var password in new[] { current, chosen, repeated }.Where(password => password.Length > 0))
        {
            Assert.DoesNotContain($"value=\"{password}\"", html); // passwords are never written back into the page
        }
        Assert.Equal(hashBefore, (await _app.Service<IAccountStore>().GetAsync(Bob, Ct))!.PasswordHash);
    }

    [Fact]
    public async Task Changing_the_password_ends_the_other_sessions_and_says_so()
    {
        var bob = await BobAsync();
        var elsewhere = await BobAsync("10.0.0.2");
        var form = await HtmlForm.GetAsync(bob, "/account", "change-password");

        var response = await form.PostAsync(bob,
            ("Input.CurrentPassword", BobPassword), ("Input.NewPassword", NewPassword), ("Input.RepeatPassword", NewPassword));

        var page = await response.FollowRedirectAsync(bob, "/account");
        Assert.StartsWith("Your password was changed. Your other sessions were ended", HtmlPage.Message(page));
        Assert.False(await IsSignedInAsync(elsewhere));
        Assert.True(await IsSignedInAsync(bob));
        Assert.Single(await SessionsAsync());
        await _app.SignedInClientAsync(Bob, NewPassword, "10.0.0.3");
    }

    [Fact]
    public async Task Ending_one_other_session_signs_that_one_out_only()
    {
        var bob = await BobAsync();
        var elsewhere = await BobAsync("10.0.0.2");
        var html = await HtmlPage.GetAsync(bob, "/account");
        var formId = Assert.Single(EndSessionForms(html));

        var page = await (await HtmlForm.Find(html, formId, "/account").PostAsync(bob)).FollowRedirectAsync(bob, "/account");

        Assert.Equal($"Session {formId["end-session-".Length..]} ended.", HtmlPage.Message(page));
        Assert.False(await IsSignedInAsync(elsewhere));
        Assert.True(await IsSignedInAsync(bob));
        Assert.Empty(EndSessionForms(page));
    }

    [Fact]
    public async Task The_current_session_is_not_ended_from_the_list()
    {
        var bob = await BobAsync();
        await BobAsync("10.0.0.2");
        var html = await HtmlPage.GetAsync(bob, "/account");
        var current = Regex.Match(html, "<tr id=\"session-(?<fingerprint>[0-9a-f]+)\" class=\"current\"").Groups["fingerprint"].Value;

        var response = await HtmlForm.Find(html, Assert.Single(EndSessionForms(html)), "/account").PostAsync(bob, ("fingerprint", current));

        var page = await response.FollowRedirectAsync(bob, "/account");
        Assert.Equal("This is the session you are using: sign out to end it.", HtmlPage.Message(page));
        Assert.Equal(2, (await SessionsAsync()).Count);
    }

    [Fact]
    public async Task Ending_all_other_sessions_keeps_only_this_one()
    {
        var bob = await BobAsync();
        var second = await BobAsync("10.0.0.2");
        var third = await BobAsync("10.0.0.3");
        var form = await HtmlForm.GetAsync(bob, "/account", "end-other-sessions");

        var page = await (await form.PostAsync(bob)).FollowRedirectAsync(bob, "/account");

        Assert.Equal("2 other sessions ended.", HtmlPage.Message(page));
        Assert.False(await IsSignedInAsync(second));
        Assert.False(await IsSignedInAsync(third));
        Assert.True(await IsSignedInAsync(bob));
        Assert.Contains("id=\"no-other-sessions\"", page);
        var ended = await _app.Service<IAuditLogStore>().QueryAsync(new AuditQuery(AuditEvents.SessionsEnded, Bob), Ct);
        Assert.Equal("2", Assert.Single(ended).Details["count"]);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        var bob = await BobAsync();
        var elsewhere = await BobAsync("10.0.0.2");
        var form = await HtmlForm.GetAsync(bob, "/account", "end-other-sessions");

        var response = await form.PostAsync(bob, (HtmlForm.AntiforgeryField, null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(await IsSignedInAsync(elsewhere));
    }

    private static List<string> EndSessionForms(string html) =>
        [.. EndSessionFormPattern().Matches(html).Select(match => match.Groups["id"].Value)];

    [GeneratedRegex("<form[^>]*id=\"(?<id>end-session-[0-9a-f]+)\"")]
    private static partial Regex EndSessionFormPattern();
}
