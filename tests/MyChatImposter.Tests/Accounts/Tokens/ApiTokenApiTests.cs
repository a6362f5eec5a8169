using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MyChatImposter.Accounts;
using MyChatImposter.Accounts.Tokens;
using MyChatImposter.Audit;

namespace MyChatImposter.Tests.Accounts.Tokens;

// Issue 16: personal API tokens through the REST API, acting with their owner's current rights and no more.
public sealed class ApiTokenApiTests : IAsyncLifetime
{
    private const string Bob = "bob";
    private const string BobPassword = "Bob-Passw0rd!!";
    private const string Carol = "carol";
    private const string CarolPassword = "Carol-Passw0rd!!";
    private const string Tokens = "/api/external/auth/tokens";

    private readonly ImposterApp _app = new();
    private HttpClient _admin = null!;
    private HttpClient _bob = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(Bob, BobPassword);
        await _app.CreateAccountAsync(Carol, CarolPassword);
        _bob = await _app.SignedInClientAsync(Bob, BobPassword);
        foreach (var userId in new[] { Bob, Carol })
        {
            var saved = await _admin.PutAsJsonAsync($"/api/external/users/{userId}", ConfigurationDocuments.Valid(userId), Ct);
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<JsonElement> CreateAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync(Tokens, body, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private Task<IReadOnlyList<AuditEvent>> AuditAsync(string eventType) =>
        _app.Service<IAuditLogStore>().QueryAsync(new AuditQuery(EventType: eventType), Ct);

    private static async Task AssertRefusedAsTokenAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.Equal("Invalid token", problem.GetProperty("title").GetString());
        Assert.Equal("The API token is invalid, expired or revoked.", problem.GetProperty("detail").GetString());
        Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_created_token_is_shown_once_and_calls_as_its_owner()
    {
        var created = await CreateAsync(_bob, new { name = "backup script", expires_in_days = 30 });

        var text = created.GetProperty("token").GetString()!;
        Assert.StartsWith(ApiTokenText.Marker, text);
        Assert.Equal("backup script", created.GetProperty("name").GetString());
        Assert.Equal(text[..12], created.GetProperty("prefix").GetString());
        Assert.Equal(_app.Time.GetUtcNow().AddDays(30), created.GetProperty("expires_at").GetDateTimeOffset());

        var me = await _app.TokenClient(text).GetFromJsonAsync<JsonElement>("/api/external/auth/me", Ct);
        Assert.Equal(Bob, me.GetProperty("user_id").GetString());
        Assert.Equal("user", me.GetProperty("role").GetString());

        var listed = await _bob.GetStringAsync(Tokens, Ct);
        Assert.Contains(created.GetProperty("id").GetString()!, listed);
        Assert.DoesNotContain(text, listed);
        Assert.Contains("\"state\":\"active\"", listed);
    }

    [Fact]
    public async Task An_owners_token_reaches_their_own_bot_and_not_anyone_elses()
    {
        var token = _app.TokenClient(await _app.CreateTokenAsync(Bob));

        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/external/users/bob", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await token.GetAsync("/api/external/users/carol", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await token.GetAsync("/api/external/accounts", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_administrators_token_reaches_the_administrators_endpoints_until_they_are_demoted()
    {
        var token = _app.TokenClient(await _app.CreateTokenAsync(ImposterApp.AdminId));
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/external/accounts", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/external/users/carol", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/external/tokens", Ct)).StatusCode);

        // Another administrator demotes the first: the token gets what the account has now, at once.
        await _app.CreateAccountAsync("root2", "Root2-Passw0rd!", AccountRole.Admin);
        var result = await _app.Service<AccountService>().SetRoleAsync(ImposterApp.AdminId, AccountRole.User, "root2", Ct);
        Assert.True(result.Succeeded);

        Assert.Equal(HttpStatusCode.Forbidden, (await token.GetAsync("/api/external/accounts", Ct)).StatusCode);
    }

    [Fact]
    public async Task Unknown_revoked_and_expired_tokens_get_the_same_401()
    {
        var revoked = await CreateAsync(_bob, new { name = "to revoke" });
        var expiring = await _app.CreateTokenAsync(Bob, "short", expiresInDays: 1);
        var revokedClient = _app.TokenClient(revoked.GetProperty("token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await revokedClient.GetAsync("/api/external/auth/me", Ct)).StatusCode);

        var revoke = await _bob.DeleteAsync($"{Tokens}/{revoked.GetProperty("id").GetString()}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        await AssertRefusedAsTokenAsync(await revokedClient.GetAsync("/api/external/auth/me", Ct));

        Assert.Equal(HttpStatusCode.OK, (await _app.TokenClient(expiring).GetAsync("/api/external/auth/me", Ct)).StatusCode);
        _app.Time.Advance(TimeSpan.FromDays(1));
        await AssertRefusedAsTokenAsync(await _app.TokenClient(expiring).GetAsync("/api/external/auth/me", Ct));

        await AssertRefusedAsTokenAsync(await _app.TokenClient("mci_" + new string('A', 43)).GetAsync("/api/external/auth/me", Ct));
        await AssertRefusedAsTokenAsync(await _app.TokenClient("not-a-token").GetAsync("/api/external/users/bob", Ct));
    }

    [Fact]
    public async Task A_disabled_accounts_token_is_refused_and_works_again_when_enabled()
    {
        var token = _app.TokenClient(await _app.CreateTokenAsync(Bob));
        var service = _app.Service<AccountService>();

        Assert.True((await service.SetDisabledAsync(Bob, disabled: true, ImposterApp.AdminId, Ct)).Succeeded);
        await AssertRefusedAsTokenAsync(await token.GetAsync("/api/external/auth/me", Ct));

        Assert.True((await service.SetDisabledAsync(Bob, disabled: false, ImposterApp.AdminId, Ct)).Succeeded);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/external/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_token_cannot_create_a_token_but_can_list_and_revoke_its_owners()
    {
        var text = await _app.CreateTokenAsync(Bob, "first");
        _app.Time.Advance(TimeSpan.FromSeconds(1));
        var other = await CreateAsync(_bob, new { name = "second" });
        var token = _app.TokenClient(text);

        var mint = await token.PostAsJsonAsync(Tokens, new { name = "successor" }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, mint.StatusCode);
        Assert.Equal("An API token cannot do this: sign in with your password.", (await mint.ProblemAsync()).GetProperty("detail").GetString());
        var mine = await token.GetFromJsonAsync<JsonElement>(Tokens, Ct);
        Assert.Equal(["second", "first"], mine.EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, (await token.DeleteAsync($"{Tokens}/{other.GetProperty("id").GetString()}", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_user_revokes_only_their_own_tokens_and_an_administrator_anyones()
    {
        var bobs = await CreateAsync(_bob, new { name = "bob's" });
        var bobsId = bobs.GetProperty("id").GetString()!;
        var carol = await _app.SignedInClientAsync(Carol, CarolPassword);

        var notFound = await carol.DeleteAsync($"{Tokens}/{bobsId}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await carol.DeleteAsync($"/api/external/tokens/{bobsId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.DeleteAsync("/api/external/tokens/nope", Ct)).StatusCode);

        var listed = await _admin.GetFromJsonAsync<JsonElement>("/api/external/tokens?user_id=bob", Ct);
        Assert.Equal([bobsId], listed.EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        Assert.Empty((await _admin.GetFromJsonAsync<JsonElement>("/api/external/tokens?user_id=carol", Ct)).EnumerateArray());

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/external/tokens/{bobsId}", Ct)).StatusCode);
        var after = (await _admin.GetFromJsonAsync<JsonElement>("/api/external/tokens", Ct)).EnumerateArray().Single();
        Assert.Equal("revoked", after.GetProperty("state").GetString());
        Assert.Equal(ImposterApp.AdminId, after.GetProperty("revoked_by").GetString());
        await AssertRefusedAsTokenAsync(await _app.TokenClient(bobs.GetProperty("token").GetString()!).GetAsync("/api/external/auth/me", Ct));
    }

    [Theory]
    [InlineData("{}", "name")]
    [InlineData("""{"name": "   "}""", "name")]
    [InlineData("""{"name": "0123456789012345678901234567890123456789012345678901234567890"}""", "name")]
    [InlineData("""{"name": "ok", "expires_in_days": 0}""", "expires_in_days")]
    [InlineData("""{"name": "ok", "expires_in_days": 3651}""", "expires_in_days")]
    public async Task An_invalid_request_is_refused_at_its_field_and_creates_nothing(string body, string field)
    {
        var response = await _bob.PostAsync(Tokens, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Empty(await _app.Service<IApiTokenStore>().ListAsync(Bob, Ct));
    }

    [Fact]
    public async Task A_duplicate_name_is_refused_until_the_first_is_revoked()
    {
        var first = await CreateAsync(_bob, new { name = "ci" });

        var duplicate = await _bob.PostAsJsonAsync(Tokens, new { name = " ci " }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.True((await duplicate.ProblemAsync()).GetProperty("errors").TryGetProperty("name", out _));

        await _bob.DeleteAsync($"{Tokens}/{first.GetProperty("id").GetString()}", Ct);
        await CreateAsync(_bob, new { name = "ci" });
    }

    [Fact]
    public async Task Creation_revocation_and_every_action_taken_with_a_token_are_audited_with_it()
    {
        var created = await CreateAsync(_bob, new { name = "automation" });
        var tokenId = created.GetProperty("id").GetString()!;
        var token = _app.TokenClient(created.GetProperty("token").GetString()!);

        var saved = await token.PutAsJsonAsync("/api/external/users/bob", ConfigurationDocuments.Valid(Bob), Ct);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await token.GetAsync("/api/external/users/carol", Ct)).StatusCode);
        var adminsToken = await CreateAsync(_admin, new { name = "admin's" });
        await _admin.DeleteAsync($"/api/external/tokens/{tokenId}", Ct);
        await _admin.DeleteAsync($"{Tokens}/{adminsToken.GetProperty("id").GetString()}", Ct);

        var createdRow = (await AuditAsync(AuditEvents.TokenCreated)).Single(row => row.ActorUserId == Bob);
        Assert.Equal(tokenId, createdRow.Details["token_id"]);
        Assert.Equal("automation", createdRow.Details["token_name"]);
        Assert.Equal("never", createdRow.Details["expires_at"]);
        Assert.False(createdRow.Details.ContainsKey(AuditTrail.TokenDetail));

        var savedRow = (await AuditAsync(AuditEvents.ConfigurationSaved)).First(row => row.ActorUserId == Bob);
        Assert.Equal(tokenId, savedRow.Details[AuditTrail.TokenDetail]);
        var refusal = (await AuditAsync(AuditEvents.PermissionDenied)).Single(row => row.ActorUserId == Bob);
        Assert.Equal(tokenId, refusal.Details[AuditTrail.TokenDetail]);

        var revocations = await AuditAsync(AuditEvents.TokenRevoked);
        var byAdministrator = revocations.Single(row => row.Details["token_id"] == tokenId);
        Assert.Equal((ImposterApp.AdminId, Bob, "administrator"), (byAdministrator.ActorUserId, byAdministrator.TargetUserId, byAdministrator.Details["by"]));
        Assert.Equal("self", revocations.Single(row => row.Details["token_id"] != tokenId).Details["by"]);
    }

    [Fact]
    public async Task Last_use_is_written_at_most_once_a_minute()
    {
        var text = await _app.CreateTokenAsync(Bob);
        var token = _app.TokenClient(text);
        var store = _app.Service<IApiTokenStore>();
        var started = _app.Time.GetUtcNow();

        await token.GetAsync("/api/external/auth/me", Ct);
        _app.Time.Advance(TimeSpan.FromSeconds(30));
        await token.GetAsync("/api/external/auth/me", Ct);
        Assert.Equal(started, (await store.GetByHashAsync(ApiTokenText.Hash(text), Ct))!.LastUsedAt);

        _app.Time.Advance(TimeSpan.FromSeconds(30));
        await token.GetAsync("/api/external/auth/me", Ct);
        Assert.Equal(started.AddMinutes(1), (await store.GetByHashAsync(ApiTokenText.Hash(text), Ct))!.LastUsedAt);
    }

    [Fact]
    public async Task A_token_call_from_a_foreign_origin_passes_where_the_cookie_call_is_refused()
    {
        var token = _app.TokenClient(await _app.CreateTokenAsync(Bob));

        HttpRequestMessage Save() => new(HttpMethod.Put, "/api/external/users/bob")
        {
            Content = JsonContent.Create(ConfigurationDocuments.Valid(Bob)),
            Headers = { { "Origin", "https://evil.example" }, { "Sec-Fetch-Site", "cross-site" } },
        };

        Assert.Equal(HttpStatusCode.OK, (await token.SendAsync(Save(), Ct)).StatusCode);
        var cookie = await _bob.SendAsync(Save(), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, cookie.StatusCode);
        Assert.Equal("Cross-site request refused", (await cookie.ProblemAsync()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_token_opens_the_live_event_streams_of_its_owners_bots_only()
    {
        var token = _app.TokenClient(await _app.CreateTokenAsync(Bob));

        using var dashboard = await Live.EventStream.OpenAsync(token, "/events", Ct);
        using var own = await Live.EventStream.OpenAsync(token, "/bots/bob/events?page=details", Ct);
        using var others = await token.GetAsync("/bots/carol/events?page=details", HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.Equal("text/event-stream", dashboard.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, others.StatusCode);
    }

    [Fact]
    public async Task A_bearer_token_never_signs_in_to_the_pages()
    {
        var token = _app.TokenClient(await _app.CreateTokenAsync(ImposterApp.AdminId));

        var page = await token.GetAsync("/account", Ct);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, (await token.GetAsync("/accounts", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_cookie_call_with_a_bad_bearer_header_is_the_tokens_and_refused()
    {
        _bob.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "mci_forged");

        await AssertRefusedAsTokenAsync(await _bob.GetAsync("/api/external/auth/me", Ct));
        // The page ignores the header and sees the cookie.
        Assert.Equal(HttpStatusCode.OK, (await _bob.GetAsync("/account", Ct)).StatusCode);
    }

    [Fact]
    public async Task Deleting_an_account_deletes_its_tokens()
    {
        var text = await _app.CreateTokenAsync(Bob);
        await _app.CreateTokenAsync(Carol);

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync("/api/external/accounts/bob", Ct)).StatusCode);

        var store = _app.Service<IApiTokenStore>();
        Assert.Empty(await store.ListAsync(Bob, Ct));
        Assert.Single(await store.ListAsync(Carol, Ct));
        await _app.CreateAccountAsync(Bob, BobPassword);
        await AssertRefusedAsTokenAsync(await _app.TokenClient(text).GetAsync("/api/external/auth/me", Ct));
    }
}
