using System.Net;
using System.Net.Http.Json;
using MyChatImposter.Accounts;
using MyChatImposter.Audit;
using MyChatImposter.Tests.Accounts;

namespace MyChatImposter.Tests.Hosting;

// Issue 11: state-changing API requests without a body could come from a form on another site (or a sibling
// subdomain, which SameSite=Lax treats as the same site). A browser's Sec-Fetch-Site or Origin now decides.
public sealed class CrossSiteRequestTests : IAsyncDisposable
{
    private readonly ImposterApp _app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static HttpRequestMessage Post(string path, string? origin = null, string? fetchSite = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }
        return request;
    }

    private async Task<bool> SignedInAsync(HttpClient client) =>
        (await client.GetAsync("/api/external/auth/me", Ct)).StatusCode == HttpStatusCode.OK;

    [Theory]
    [InlineData("https://evil.example", null)]
    [InlineData("http://admin.localhost", null)]
    [InlineData("null", null)]
    [InlineData(null, "cross-site")]
    [InlineData(null, "same-site")]
    [InlineData("http://localhost", "same-site")]
    public async Task A_cross_site_logout_is_refused_and_the_session_lives_on(string? origin, string? fetchSite)
    {
        var admin = await _app.AdminClientAsync();

        var response = await admin.SendAsync(Post("/api/external/auth/logout", origin, fetchSite), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Cross-site request refused", (await response.ProblemAsync()).GetProperty("title").GetString());
        Assert.True(await SignedInAsync(admin));
    }

    [Theory]
    [InlineData("http://localhost", null)]
    [InlineData(null, "same-origin")]
    [InlineData(null, "none")]
    [InlineData(null, null)]
    public async Task A_same_origin_or_non_browser_logout_is_accepted(string? origin, string? fetchSite)
    {
        var admin = await _app.AdminClientAsync();

        var response = await admin.SendAsync(Post("/api/external/auth/logout", origin, fetchSite), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(await SignedInAsync(admin));
    }

    [Fact]
    public async Task A_cross_site_link_unlock_or_delete_changes_nothing()
    {
        var admin = await _app.AdminClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/external/users/ann", ConfigurationDocuments.Valid("ann"), Ct)).StatusCode);
        await _app.CreateAccountAsync("ann", "Ann-Passw0rd!!");

        var link = await admin.SendAsync(Post("/api/external/users/ann/actions/link", "https://evil.example"), Ct);
        var unlock = await admin.SendAsync(Post("/api/external/accounts/ann/unlock", null, "cross-site"), Ct);
        var delete = new HttpRequestMessage(HttpMethod.Delete, "/api/external/users/ann");
        delete.Headers.Add("Origin", "https://evil.example");
        var deleted = await admin.SendAsync(delete, Ct);

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden],
            new[] { link.StatusCode, unlock.StatusCode, deleted.StatusCode });
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/external/users/ann", Ct)).StatusCode);
        // No live session: the link never happened.
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/external/users/ann/status", Ct)).StatusCode);
        Assert.DoesNotContain(await _app.Service<IAuditLogStore>().QueryAsync(new AuditQuery(), Ct),
            row => row.EventType is AuditEvents.Link or AuditEvents.AccountUnlocked or AuditEvents.ConfigurationDeleted);
    }

    [Fact]
    public async Task Api_and_page_answers_are_not_stored_by_caches_and_carry_a_permissions_policy()
    {
        var admin = await _app.AdminClientAsync();

        var configuration = await admin.GetAsync("/api/external/users", Ct);
        var account = await admin.GetAsync("/api/external/auth/me", Ct);
        var page = await admin.GetAsync("/", Ct);
        var script = await admin.GetAsync("/js/chat.js", Ct);

        foreach (var response in new[] { configuration, account, page })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore, response.RequestMessage!.RequestUri!.ToString());
            Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single());
        }
        Assert.NotEqual(true, script.Headers.CacheControl?.NoStore);
    }
}
