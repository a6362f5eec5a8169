using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.Tests.Accounts;
using MyChatImposter.Pipeline;
using MyChatImposter.Tests.Pipeline;

namespace MyChatImposter.Tests.Api;

// The incoming buffer (spec/08 §3) answered from the running bot's per-correspondent windows, driven through
// the sandbox; the recording feature says when a message has passed the windows.
public sealed class IncomingBufferApiTests : IAsyncLifetime
{
    private const string Path = "/api/external/features/automatic_bot_reply/incoming-buffer";
    private const string OwnerPassword = "Ann-Passw0rd!";
    private readonly RecordingFeature _feature = new();
    private readonly ImposterApp _app;
    private HttpClient _admin = null!;

    public IncomingBufferApiTests() =>
        _app = new ImposterApp { ConfigureServices = services => services.AddSingleton<IMessageFeatureFactory>(_feature) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _admin = await _app.AdminClientAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Get_answers_each_correspondents_window_in_the_archives_message_shape()
    {
        await LinkAsync("ann");
        await SendAsync("ann", "alice", "Hi");
        await SendAsync("ann", "alice", "Are you there?");
        await SendAsync("ann", "bob", "Lunch?");
        await _feature.WaitForAsync("ann", 3);

        var buffer = await GetAsync("ann");

        Assert.Equal(["alice", "bob"], buffer.Select(entry => entry.Key));
        var alice = buffer["alice"]!.AsArray();
        Assert.Equal(["Hi", "Are you there?"], alice.Select(message => (string)message!["content"]!));
        var first = alice[0]!.AsObject();
        Assert.Equal(
            ["id", "content", "sender", "source", "accepted_time", "message_size", "originating_time", "group", "provider_message_id"],
            first.Select(field => field.Key));
        Assert.Equal(1, (int)first["id"]!);
        Assert.Equal("user", (string)first["source"]!);
        Assert.Equal("Alice", (string)first["sender"]!["display_name"]!);
    }

    [Fact]
    public async Task Delete_empties_one_window_or_all_and_answers_404_when_nothing_waits()
    {
        await LinkAsync("ann");
        await SendAsync("ann", "alice", "Hi");
        await SendAsync("ann", "bob", "Lunch?");
        await _feature.WaitForAsync("ann", 2);

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"{Path}/ann/alice", Ct)).StatusCode);
        Assert.Equal(["bob"], (await GetAsync("ann")).Select(entry => entry.Key));
        await AssertNothingWaitsAsync(await _admin.DeleteAsync($"{Path}/ann/alice", Ct));

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"{Path}/ann", Ct)).StatusCode);
        Assert.Empty(await GetAsync("ann"));
        await AssertNothingWaitsAsync(await _admin.DeleteAsync($"{Path}/ann", Ct));

        // The archive keeps every message: only the windows were emptied.
        var archive = (await _admin.GetFromJsonAsync<JsonObject>($"/api/external/features/automatic_bot_reply/queue/ann", Ct))!;
        Assert.Equal(["alice", "bob"], archive.Select(entry => entry.Key).Order());
    }

    [Fact]
    public async Task A_bot_that_is_not_running_has_nothing_waiting()
    {
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutAsJsonAsync("/api/external/users/ann", ConfigurationDocuments.Valid("ann"), Ct)).StatusCode);

        Assert.Empty(await GetAsync("ann"));
        await AssertNothingWaitsAsync(await _admin.DeleteAsync($"{Path}/ann", Ct));
    }

    [Fact]
    public async Task Unknown_bots_and_invalid_ids_are_refused_and_only_the_owner_or_an_admin_may_look()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"{Path}/nobody", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.GetAsync($"{Path}/bad%20id", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient("10.0.0.9").GetAsync($"{Path}/ann", Ct)).StatusCode);

        await LinkAsync("ann");
        await _app.CreateAccountAsync("ann", OwnerPassword);
        await _app.CreateAccountAsync("eve", OwnerPassword);
        var owner = await _app.SignedInClientAsync("ann", OwnerPassword, "10.0.0.2");
        var other = await _app.SignedInClientAsync("eve", OwnerPassword, "10.0.0.3");

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"{Path}/ann", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"{Path}/ann", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.DeleteAsync($"{Path}/ann", Ct)).StatusCode);
    }

    private async Task LinkAsync(string userId)
    {
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutAsJsonAsync($"/api/external/users/{userId}", ConfigurationDocuments.Valid(userId), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsync($"/api/external/users/{userId}/actions/link", null, Ct)).StatusCode);
    }

    private async Task SendAsync(string userId, string correspondent, string text)
    {
        var response = await _admin.PostAsJsonAsync($"/api/external/users/{userId}/sandbox/inbound",
            new { correspondent_id = correspondent, display_name = "Alice", text }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task<JsonObject> GetAsync(string userId) => (await _admin.GetFromJsonAsync<JsonObject>($"{Path}/{userId}", Ct))!;

    private static async Task AssertNothingWaitsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Nothing waits", (await response.ProblemAsync()).GetProperty("title").GetString());
    }
}
