using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace MyChatImposter.Tests.Accounts;

public sealed class AccountsApiTests : IAsyncLifetime
{
    private readonly ImposterApp _app = new();
    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _admin = await _app.AdminClientAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private Task<HttpResponseMessage> CreateAsync(object body) => _admin.PostAsJsonAsync("/api/external/accounts", body, Ct);

    [Fact]
    public async Task Create_answers_201_and_the_account_can_sign_in()
    {
        var response = await CreateAsync(new { user_id = "carol", password = "Carol-Passw0rd!", role = "user" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/external/accounts/carol", response.Headers.Location!.OriginalString);
        var created = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal("carol", (string?)created!["user_id"]);
        Assert.Equal("user", (string?)created["role"]);
        Assert.Null(created["password_hash"]);
        Assert.Equal(HttpStatusCode.OK, (await _app.CreateClient("10.0.0.3").LoginAsync("carol", "Carol-Passw0rd!")).StatusCode);
    }

    [Fact]
    public async Task Create_refuses_duplicates_weak_passwords_bad_ids_and_missing_roles_with_clear_4xx()
    {
        await CreateAsync(new { user_id = "carol", password = "Carol-Passw0rd!", role = "user" });

        var duplicate = await CreateAsync(new { user_id = "carol", password = "Carol-Passw0rd!", role = "user" });
        var weak = await CreateAsync(new { user_id = "dave", password = "password", role = "user" });
        var badId = await CreateAsync(new { user_id = "da ve", password = "Dave-Passw0rd!", role = "user" });
        var reserved = await CreateAsync(new { user_id = "schema", password = "Dave-Passw0rd!", role = "user" });
        var noRole = await CreateAsync(new { user_id = "dave", password = "Dave-Passw0rd!" });
        var badRole = await CreateAsync(new { user_id = "dave", password = "Dave-Passw0rd!", role = "root" });
        var tooLong = await CreateAsync(new { user_id = "dave", password = "Aa1!" + new string('x', 130), role = "user" });

        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, weak.StatusCode);
        var weakErrors = (await weak.ProblemAsync()).GetProperty("errors").GetProperty("password");
        Assert.True(weakErrors.GetArrayLength() >= 2);
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.True((await badId.ProblemAsync()).GetProperty("errors").TryGetProperty("user_id", out _));
        Assert.Equal(HttpStatusCode.BadRequest, reserved.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noRole.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
        await badRole.ProblemAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        var accounts = await _admin.GetFromJsonAsync<JsonArray>("/api/external/accounts", Ct);
        Assert.Equal(["admin", "carol"], accounts!.Select(account => (string)account!["user_id"]!));
    }

    [Fact]
    public async Task Role_disable_password_and_delete_work_and_unknown_accounts_are_404()
    {
        await CreateAsync(new { user_id = "carol", password = "Carol-Passw0rd!", role = "user" });

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.PutAsJsonAsync("/api/external/accounts/carol/role", new { role = "admin" }, Ct)).StatusCode);
        Assert.Equal("admin", (string?)(await _admin.GetFromJsonAsync<JsonObject>("/api/external/accounts/carol", Ct))!["role"]);
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.PutAsJsonAsync("/api/external/accounts/carol/disabled", new { disabled = true }, Ct)).StatusCode);
        Assert.True((bool)(await _admin.GetFromJsonAsync<JsonObject>("/api/external/accounts/carol", Ct))!["disabled"]!);
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.PutAsJsonAsync("/api/external/accounts/carol/disabled", new { disabled = false }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.PutAsJsonAsync("/api/external/accounts/carol/password", new { password = "Other-Passw0rd!" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.CreateClient("10.0.0.3").LoginAsync("carol", "Other-Passw0rd!")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _admin.PutAsJsonAsync("/api/external/accounts/carol/password", new { password = "short" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync("/api/external/accounts/carol", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/external/accounts/carol", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.DeleteAsync("/api/external/accounts/carol", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.PutAsJsonAsync("/api/external/accounts/carol/role", new { role = "user" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.PostAsync("/api/external/accounts/carol/unlock", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.PutAsJsonAsync("/api/external/accounts/admin/role", new { }, Ct)).StatusCode);
    }

    [Fact]
    public async Task The_last_enabled_admin_cannot_be_demoted_disabled_or_deleted()
    {
        var demote = await _admin.PutAsJsonAsync("/api/external/accounts/admin/role", new { role = "user" }, Ct);
        var disable = await _admin.PutAsJsonAsync("/api/external/accounts/admin/disabled", new { disabled = true }, Ct);
        var delete = await _admin.DeleteAsync("/api/external/accounts/admin", Ct);

        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, disable.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync("/api/external/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_locked_pair_shows_on_the_account()
    {
        await CreateAsync(new { user_id = "carol", password = "Carol-Passw0rd!", role = "user" });
        var attacker = _app.CreateClient("203.0.113.66");
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            await attacker.LoginAsync("carol", "Wrong-Passw0rd!");
        }

        var carol = await _admin.GetFromJsonAsync<JsonObject>("/api/external/accounts/carol", Ct);

        Assert.Single(carol!["locked_until"]!.AsArray());
    }
}
