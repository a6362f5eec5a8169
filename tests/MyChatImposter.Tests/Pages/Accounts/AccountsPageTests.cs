using System.Net;
using MyChatImposter.Accounts;
using StoredAccount = MyChatImposter.Accounts.Account;

namespace MyChatImposter.Tests.Pages.Accounts;

// /accounts and /accounts/{user_id}/delete, driven through their forms as an administrator would.
public sealed class AccountsPageTests : IAsyncLifetime
{
    private const string Bob = "bob";
    private const string BobPassword = "Bob-Passw0rd!!";
    private const string NewPassword = "Fresh-Passw0rd!";
    private readonly ImposterApp _app = new();
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(Bob, BobPassword);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private Task<HtmlForm> FormAsync(string formId) => HtmlForm.GetAsync(_admin, "/accounts", formId);

    private Task<StoredAccount?> StoredAsync(string userId) => _app.Service<IAccountStore>().GetAsync(userId, Ct);

    [Fact]
    public async Task The_admin_sees_every_account_and_themselves_marked()
    {
        var html = await HtmlPage.GetAsync(_admin, "/accounts");

        Assert.Contains("id=\"account-admin\"", html);
        Assert.Contains("id=\"account-bob\"", html);
        var adminRow = html[html.IndexOf("id=\"account-admin\"", StringComparison.Ordinal)..html.IndexOf("id=\"account-bob\"", StringComparison.Ordinal)];
        Assert.Contains("(you)", adminRow);
        Assert.DoesNotContain("(you)", html[html.IndexOf("id=\"account-bob\"", StringComparison.Ordinal)..]);
        Assert.DoesNotContain((await StoredAsync(Bob))!.PasswordHash, html);
    }

    [Fact]
    public async Task A_regular_user_is_sent_to_access_denied()
    {
        var bob = await _app.SignedInClientAsync(Bob, BobPassword, "10.0.0.2");

        foreach (var path in new[] { "/accounts", "/accounts/admin/delete" })
        {
            var response = await bob.GetAsync(path, Ct);

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/access-denied", response.Headers.Location!.PathAndQuery);
            Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync(response.Headers.Location, Ct)).StatusCode);
        }
    }

    [Fact]
    public async Task Without_a_session_the_page_sends_to_login()
    {
        var response = await _app.CreateClient("10.0.0.9").GetAsync("/accounts", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Creating_an_account_stores_it_and_says_so()
    {
        var form = await FormAsync("create-account");

        var response = await form.PostAsync(_admin,
            ("NewAccount.UserId", "carol"), ("NewAccount.Password", "Carol-Passw0rd!"), ("NewAccount.Role", "Admin"));

        var page = await response.FollowRedirectAsync(_admin, "/accounts");
        Assert.Equal("Account carol created (administrator).", HtmlPage.Message(page));
        Assert.Contains("id=\"account-carol\"", page);
        Assert.Equal(AccountRole.Admin, (await StoredAsync("carol"))!.Role);
    }

    [Theory]
    [InlineData("not valid!", "Carol-Passw0rd!", "NewAccount.UserId", "The user id must be 1-64 characters")]
    [InlineData(Bob, "Carol-Passw0rd!", "NewAccount.UserId", "An account named 'bob' already exists.")]
    [InlineData("", "Carol-Passw0rd!", "NewAccount.UserId", "Choose a user id.")]
    [InlineData("carol", "short", "NewAccount.Password", "At least 8 characters are required.")]
    public async Task A_refused_account_shows_the_problem_beside_its_field(string userId, string password, string field, string expected)
    {
        var form = await FormAsync("create-account");

        var response = await form.PostAsync(_admin, ("NewAccount.UserId", userId), ("NewAccount.Password", password));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.ReadAsync();
        Assert.Contains(HtmlPage.FieldErrors(html, field), error => error.StartsWith(expected, StringComparison.Ordinal));
        Assert.Null(await StoredAsync("carol"));
        Assert.Contains("id=\"account-bob\"", html); // the table is still there
    }

    [Fact]
    public async Task A_weak_password_lists_every_broken_rule()
    {
        var form = await FormAsync("create-account");

        var response = await form.PostAsync(_admin, ("NewAccount.UserId", "carol"), ("NewAccount.Password", "lowercase"));

        var errors = HtmlPage.FieldErrors(await response.ReadAsync(), "NewAccount.Password");
        Assert.Equal(PasswordPolicy.Check("lowercase"), errors);
        Assert.True(errors.Count >= 3);
        Assert.Empty(HtmlPage.FieldErrors(await response.ReadAsync(), "NewAccount.UserId"));
    }

    [Fact]
    public async Task Changing_a_role_is_stored()
    {
        var form = await FormAsync("role-bob");

        var page = await (await form.PostAsync(_admin)).FollowRedirectAsync(_admin, "/accounts");

        Assert.Equal("bob is now an administrator.", HtmlPage.Message(page));
        Assert.Equal(AccountRole.Admin, (await StoredAsync(Bob))!.Role);
    }

    [Fact]
    public async Task The_last_administrator_cannot_be_demoted_disabled_or_deleted()
    {
        foreach (var formId in new[] { "role-admin", "disabled-admin" })
        {
            var page = await (await (await FormAsync(formId)).PostAsync(_admin)).FollowRedirectAsync(_admin, "/accounts");

            Assert.Equal(
                "Nothing changed: This is the last enabled administrator; create or enable another administrator first.",
                HtmlPage.Message(page));
        }
        var delete = await HtmlForm.GetAsync(_admin, "/accounts/admin/delete", "confirm-delete");
        var afterDelete = await (await delete.PostAsync(_admin)).FollowRedirectAsync(_admin, "/accounts");

        Assert.StartsWith("Nothing deleted: This is the last enabled administrator", HtmlPage.Message(afterDelete));
        var admin = await StoredAsync(ImposterApp.AdminId);
        Assert.Equal(AccountRole.Admin, admin!.Role);
        Assert.False(admin.Disabled);
    }

    [Fact]
    public async Task Disabling_ends_the_users_sessions_and_enabling_restores_the_account()
    {
        var bob = await _app.SignedInClientAsync(Bob, BobPassword, "10.0.0.2");

        var disabled = await (await (await FormAsync("disabled-bob")).PostAsync(_admin)).FollowRedirectAsync(_admin, "/accounts");

        Assert.Equal("bob is disabled; their sessions were ended.", HtmlPage.Message(disabled));
        Assert.True((await StoredAsync(Bob))!.Disabled);
        Assert.Equal(HttpStatusCode.Redirect, (await bob.GetAsync("/account", Ct)).StatusCode);

        var enabled = await (await (await FormAsync("disabled-bob")).PostAsync(_admin)).FollowRedirectAsync(_admin, "/accounts");

        Assert.Equal("bob is enabled again.", HtmlPage.Message(enabled));
        Assert.False((await StoredAsync(Bob))!.Disabled);
    }

    [Fact]
    public async Task Unlock_appears_only_for_a_locked_account_and_removes_its_locks()
    {
        Assert.Null(HtmlForm.TryFind(await HtmlPage.GetAsync(_admin, "/accounts"), "unlock-bob", "/accounts"));
        var now = _app.Time.GetUtcNow();
        var throttle = _app.Service<ILoginThrottleStore>();
        await throttle.SaveAsync(new LoginThrottleRecord(
            LoginThrottle.KeyFor(Bob, "203.0.113.7"), Bob, "203.0.113.7", 10, now, now.AddMinutes(5), now.AddMinutes(5)), Ct);

        var html = await HtmlPage.GetAsync(_admin, "/accounts");
        Assert.Contains("from 203.0.113.7", html);
        var page = await (await HtmlForm.Find(html, "unlock-bob", "/accounts").PostAsync(_admin)).FollowRedirectAsync(_admin, "/accounts");

        Assert.StartsWith("bob is unlocked", HtmlPage.Message(page));
        Assert.Empty(await throttle.ListLockedAsync(_app.Time.GetUtcNow(), Ct));
        Assert.Null(HtmlForm.TryFind(page, "unlock-bob", "/accounts"));
    }

    [Fact]
    public async Task Setting_a_password_checks_the_policy_beside_the_rows_field_then_stores_it()
    {
        var weak = await (await FormAsync("password-bob")).PostAsync(_admin, ("PasswordReset.Password", "weak"));

        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        var html = await weak.ReadAsync();
        Assert.Equal(PasswordPolicy.Check("weak"), HtmlPage.FieldErrors(html, "PasswordReset.Password"));
        var bobForm = html[html.IndexOf("id=\"password-bob\"", StringComparison.Ordinal)..];
        Assert.Contains("data-errors-for=\"PasswordReset.Password\"", bobForm[..bobForm.IndexOf("</form>", StringComparison.Ordinal)]);

        var bob = await _app.SignedInClientAsync(Bob, BobPassword, "10.0.0.2");
        var set = await (await FormAsync("password-bob")).PostAsync(_admin, ("PasswordReset.Password", NewPassword));

        var page = await set.FollowRedirectAsync(_admin, "/accounts");
        Assert.Equal("The password of bob was set; their sessions were ended.", HtmlPage.Message(page));
        Assert.True(_app.Service<PasswordHasher>().Verify(NewPassword, (await StoredAsync(Bob))!.PasswordHash));
        Assert.Equal(HttpStatusCode.Redirect, (await bob.GetAsync("/account", Ct)).StatusCode);
    }

    [Fact]
    public async Task Deleting_asks_for_confirmation_then_removes_the_account()
    {
        var confirmation = await HtmlPage.GetAsync(_admin, "/accounts/bob/delete");
        Assert.Contains("Delete the account bob?", HtmlPage.Text(confirmation));
        Assert.NotNull(await StoredAsync(Bob)); // the GET deletes nothing

        var delete = HtmlForm.Find(confirmation, "confirm-delete", "/accounts/bob/delete");
        var page = await (await delete.PostAsync(_admin)).FollowRedirectAsync(_admin, "/accounts");

        Assert.Equal("Account bob deleted; its sessions were ended.", HtmlPage.Message(page));
        Assert.Null(await StoredAsync(Bob));
        Assert.DoesNotContain("id=\"account-bob\"", page);
    }

    [Fact]
    public async Task An_unknown_account_is_a_message_not_an_error()
    {
        var missingDelete = await _admin.GetAsync("/accounts/nobody/delete", Ct);
        var afterDelete = await missingDelete.FollowRedirectAsync(_admin, "/accounts");
        Assert.Equal("No account named 'nobody'.", HtmlPage.Message(afterDelete));

        var role = await (await FormAsync("role-bob")).PostAsync(_admin, ("userId", "nobody"));
        var afterRole = await role.FollowRedirectAsync(_admin, "/accounts");
        Assert.Equal("Nothing changed: No account named 'nobody'.", HtmlPage.Message(afterRole));
    }

    [Fact]
    public async Task A_tampered_row_form_changes_nothing()
    {
        var tamperings = new (string FormId, string Field, string? Value)[]
        {
            ("role-bob", "role", null),
            ("role-bob", "role", "7"),
            ("disabled-bob", "userId", null),
            ("disabled-bob", "disabled", "maybe"),
        };
        foreach (var (formId, field, value) in tamperings)
        {
            var response = await (await FormAsync(formId)).PostAsync(_admin, (field, value));

            var page = await response.FollowRedirectAsync(_admin, "/accounts");
            Assert.StartsWith("Nothing changed:", HtmlPage.Message(page));
        }
        var bob = await StoredAsync(Bob);
        Assert.Equal(AccountRole.User, bob!.Role);
        Assert.False(bob.Disabled);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        var form = await FormAsync("disabled-bob");

        var response = await form.PostAsync(_admin, (HtmlForm.AntiforgeryField, null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False((await StoredAsync(Bob))!.Disabled);
    }
}
