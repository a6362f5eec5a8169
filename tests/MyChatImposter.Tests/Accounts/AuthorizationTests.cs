using System.Net;
using System.Net.Http.Json;

namespace MyChatImposter.Tests.Accounts;

public sealed class AuthorizationTests : IAsyncLifetime
{
    private const string Bob = "bob";
    private const string BobPassword = "Bob-Passw0rd!!";
    private const string Alice = "alice";
    private readonly ImposterApp _app = new();
    private HttpClient _admin = null!;
    private HttpClient _bob = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(Bob, BobPassword);
        _bob = await _app.SignedInClientAsync(Bob, BobPassword);
        foreach (var userId in new[] { Alice, Bob })
        {
            var saved = await _admin.PutAsJsonAsync($"/api/external/users/{userId}", ConfigurationDocuments.Valid(userId), Ct);
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Theory]
    [InlineData("GET", "/api/external/users")]
    [InlineData("GET", "/api/external/users/bob")]
    [InlineData("GET", "/api/external/users/schema")]
    [InlineData("GET", "/api/external/resources/languages")]
    [InlineData("GET", "/api/external/accounts")]
    [InlineData("GET", "/api/external/audit")]
    [InlineData("GET", "/api/external/auth/me")]
    [InlineData("DELETE", "/api/external/users/bob")]
    public async Task Without_a_session_the_api_answers_401_problem(string method, string path)
    {
        var response = await _app.CreateClient("10.0.0.9").SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await response.ProblemAsync();
    }

    [Theory]
    [InlineData("/api/external/users/alice")]
    [InlineData("/api/external/users")]
    [InlineData("/api/external/accounts")]
    [InlineData("/api/external/accounts/bob")]
    [InlineData("/api/external/audit")]
    public async Task A_regular_user_gets_403_on_other_users_and_admin_only_endpoints(string path)
    {
        var response = await _bob.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await response.ProblemAsync();
    }

    [Fact]
    public async Task A_regular_user_cannot_change_or_delete_another_users_configuration()
    {
        var put = await _bob.PutAsJsonAsync("/api/external/users/alice", ConfigurationDocuments.Valid(Alice), Ct);
        var delete = await _bob.DeleteAsync("/api/external/users/alice", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync("/api/external/users/alice", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("/api/external/users/bob")]
    [InlineData("/api/external/users/schema")]
    [InlineData("/api/external/users/defaults")]
    [InlineData("/api/external/resources/languages")]
    [InlineData("/api/external/resources/timezones")]
    [InlineData("/api/external/auth/me")]
    [InlineData("/api/external/auth/sessions")]
    public async Task A_regular_user_reads_what_editing_their_own_bot_needs(string path)
    {
        var response = await _bob.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_regular_user_saves_their_own_configuration()
    {
        var changed = ConfigurationDocuments.Valid(Bob).With("configurations.queue_config.max_messages", 3);

        var response = await _bob.PutAsJsonAsync("/api/external/users/bob", changed, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_admin_reaches_everything()
    {
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync("/api/external/users/alice", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync("/api/external/users/bob", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync("/api/external/accounts", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync("/api/external/audit", Ct)).StatusCode);
    }

    [Fact]
    public async Task Pages_redirect_to_login_without_a_session_and_deny_other_users_bots()
    {
        var anonymous = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var toLogin = await anonymous.GetAsync("/bots/alice", Ct);
        Assert.Equal(HttpStatusCode.Redirect, toLogin.StatusCode);
        Assert.StartsWith("/login", toLogin.Headers.Location!.PathAndQuery);

        var own = await _bob.GetAsync("/bots/bob", Ct);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var other = await _bob.GetAsync("/bots/alice", Ct);
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        Assert.StartsWith("/access-denied", other.Headers.Location!.PathAndQuery);
        var denied = await _bob.GetAsync(other.Headers.Location, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("Access denied", await denied.Content.ReadAsStringAsync(Ct));
        Assert.DoesNotContain("120363000000000000", await denied.Content.ReadAsStringAsync(Ct));
    }
}
