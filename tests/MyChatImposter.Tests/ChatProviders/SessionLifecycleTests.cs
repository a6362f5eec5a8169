using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.ChatProviders;
using MyChatImposter.Pipeline;
using MyChatImposter.Tests.Accounts;
using MyChatImposter.Tests.Pipeline;

namespace MyChatImposter.Tests.ChatProviders;

public sealed class SessionLifecycleTests : IAsyncLifetime
{
    private readonly RecordingFeature _feature = new();
    private readonly ImposterApp _app;
    private HttpClient _admin = null!;

    public SessionLifecycleTests() =>
        // No Node.js as far as this host knows: linking a WhatsApp bot answers 503 saying what to install.
        _app = new ImposterApp(new Dictionary<string, string> { ["WhatsApp:Bridge:NodePath"] = "/nonexistent/node" }) { ConfigureServices = services => services.AddSingleton<IMessageFeatureFactory>(_feature) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _admin = await _app.AdminClientAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private Task<HttpResponseMessage> SaveAsync(string userId, JsonObject? configuration = null) =>
        _admin.PutAsJsonAsync($"/api/external/users/{userId}", configuration ?? ConfigurationDocuments.Valid(userId), Ct);

    private Task<HttpResponseMessage> ActAsync(string userId, string action) =>
        _admin.PostAsync($"/api/external/users/{userId}/actions/{action}", null, Ct);

    [Fact]
    public async Task Link_reports_connected_and_a_second_link_is_409()
    {
        await SaveAsync("ann");

        var link = await ActAsync("ann", "link");

        Assert.Equal(HttpStatusCode.OK, link.StatusCode);
        var body = await link.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal("success", (string)body!["status"]!);
        Assert.NotNull(body["instance_id"]);
        var status = await _admin.GetFromJsonAsync<JsonObject>("/api/external/users/ann/status", Ct);
        Assert.Equal("connected", (string)status!["status"]!);
        var again = await ActAsync("ann", "link");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        await again.ProblemAsync();
    }

    [Fact]
    public async Task A_linked_bot_holds_no_pipeline_blocks_until_its_first_message_which_goes_through()
    {
        await SaveAsync("ann");
        Assert.Equal(HttpStatusCode.OK, (await ActAsync("ann", "link")).StatusCode);
        var pipeline = _app.Service<ChatSessions>().Get("ann")!.Pipeline.Pipeline;
        Assert.False(pipeline.HasBlocks);

        var inbound = await _admin.PostAsJsonAsync("/api/external/users/ann/sandbox/inbound", new { correspondent_id = "alice", text = "hi" }, Ct);

        Assert.Equal(HttpStatusCode.Accepted, inbound.StatusCode);
        await _feature.WaitForAsync("ann", 1);
        Assert.True(pipeline.HasBlocks);
        Assert.Equal(1, pipeline.OpenLanes);
    }

    [Fact]
    public async Task Intended_codes_for_missing_configurations_sessions_and_providers()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await ActAsync("ghost", "link")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ActAsync("ghost", "unlink")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ActAsync("ghost", "reload")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/external/users/ghost/status", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/external/users/ghost/groups", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.PostAsJsonAsync("/api/external/users/ghost/sandbox/inbound",
            new { correspondent_id = "alice", text = "hi" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ActAsync("bad%20id", "link")).StatusCode);

        await SaveAsync("wendy", ConfigurationDocuments.Valid("wendy").With("configurations.chat_provider_config.provider_name", "whatsapp"));
        var whatsapp = await ActAsync("wendy", "link");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, whatsapp.StatusCode);
        Assert.Contains("Node.js 20", (await whatsapp.ProblemAsync()).GetProperty("detail").GetString());
        Assert.Null(_app.Service<ChatSessions>().Get("wendy"));
    }

    [Fact]
    public async Task Unlink_stops_the_session_and_forgets_it_for_restarts()
    {
        await SaveAsync("ann");
        await ActAsync("ann", "link");

        var unlink = await ActAsync("ann", "unlink");

        Assert.Equal(HttpStatusCode.OK, unlink.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/external/users/ann/status", Ct)).StatusCode);
        Assert.Empty(await _app.Service<IChatSessionStore>().ListAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await ActAsync("ann", "unlink")).StatusCode);
    }

    [Fact]
    public async Task Reload_picks_up_the_saved_configuration()
    {
        await SaveAsync("ann");
        await ActAsync("ann", "link");
        await SaveAsync("ann", ConfigurationDocuments.Valid("ann").With("configurations.queue_config.max_characters_single_message", 3));

        Assert.Equal(HttpStatusCode.OK, (await ActAsync("ann", "reload")).StatusCode);
        await _admin.PostAsJsonAsync("/api/external/users/ann/sandbox/inbound", new { correspondent_id = "alice", text = "abcdef" }, Ct);

        await _feature.WaitForAsync("ann", 1);
        Assert.Equal("abc", _feature.SeenBy("ann").Single().Window.Single().Content);
        Assert.Equal("abcdef", _feature.SeenBy("ann").Single().Message.Content);
    }

    [Fact]
    public async Task The_status_list_shows_every_bot_to_an_admin_and_only_their_own_to_a_user()
    {
        await SaveAsync("ann");
        await SaveAsync("bob");
        await ActAsync("ann", "link");
        await _app.CreateAccountAsync("bob", "Bob-Passw0rd!!");
        var bob = await _app.SignedInClientAsync("bob", "Bob-Passw0rd!!", "10.0.0.2");

        var all = await _admin.GetFromJsonAsync<JsonObject>("/api/external/users/status", Ct);
        var own = await bob.GetFromJsonAsync<JsonObject>("/api/external/users/status", Ct);

        var entries = all!["configurations"]!.AsArray();
        Assert.Equal(["ann", "bob"], entries.Select(entry => (string)entry!["user_id"]!));
        Assert.Equal("connected", (string)entries[0]!["status"]!);
        Assert.True((bool)entries[0]!["authenticated"]!);
        Assert.Equal("disconnected", (string)entries[1]!["status"]!);
        Assert.Equal("bob", (string)own!["configurations"]!.AsArray().Single()!["user_id"]!);
    }

    [Fact]
    public async Task Groups_come_from_the_sandbox_definition()
    {
        await SaveAsync("ann");
        await ActAsync("ann", "link");

        var put = await _admin.PutAsJsonAsync("/api/external/users/ann/sandbox/groups",
            new[] { new { id = "family@g.us", name = "Family" }, new { id = "work@g.us", name = "Work" } }, Ct);
        var badPut = await _admin.PutAsJsonAsync("/api/external/users/ann/sandbox/groups", new[] { new { id = "", name = "x" } }, Ct);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPut.StatusCode);
        var groups = await _admin.GetFromJsonAsync<JsonObject>("/api/external/users/ann/groups", Ct);
        Assert.Equal(["Family", "Work"], groups!["groups"]!.AsArray().Select(group => (string)group!["subject"]!));
    }

    [Fact]
    public async Task Deleting_a_user_stops_the_session_and_erases_everything_kept_for_them()
    {
        await SaveAsync("ann");
        await SaveAsync("bob");
        await ActAsync("ann", "link");
        await ActAsync("bob", "link");
        await _app.CreateAccountAsync("ann", "Ann-Passw0rd!!");
        foreach (var userId in new[] { "ann", "bob" })
        {
            await _admin.PostAsJsonAsync($"/api/external/users/{userId}/sandbox/inbound", new { correspondent_id = "alice", text = "hi" }, Ct);
        }

        var delete = await _admin.DeleteAsync("/api/external/users/ann?delete_account=true", Ct);

        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        var erased = (await delete.Content.ReadFromJsonAsync<JsonObject>(Ct))!["erased"]!;
        Assert.Equal("1", (string)erased["archived_messages"]!);
        Assert.Equal("1", (string)erased["login_account"]!);
        Assert.Null(_app.Service<ChatSessions>().Get("ann"));
        Assert.Equal(0, await _app.Service<IMessageArchive>().CountAsync("ann", null, Ct));
        Assert.Equal(1, await _app.Service<IMessageArchive>().CountAsync("bob", null, Ct));
        Assert.Null(await _app.Service<MyChatImposter.Accounts.IAccountStore>().GetAsync("ann", Ct));
        Assert.Equal(["bob"], (await _app.Service<IChatSessionStore>().ListAsync(Ct)).Select(record => record.UserId));
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.DeleteAsync("/api/external/users/ann", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_regular_user_cannot_reach_another_users_archive_even_with_their_own_id_last()
    {
        await SaveAsync("ann");
        await _app.CreateAccountAsync("bob", "Bob-Passw0rd!!");
        var bob = await _app.SignedInClientAsync("bob", "Bob-Passw0rd!!", "10.0.0.2");

        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync("/api/external/features/automatic_bot_reply/queue/ann/bob", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.DeleteAsync("/api/external/features/automatic_bot_reply/queue/ann/bob", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync("/api/external/features/automatic_bot_reply/queue/ann", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.PostAsync("/api/external/users/ann/actions/link", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.PostAsJsonAsync("/api/external/users/ann/sandbox/inbound", new { correspondent_id = "x", text = "y" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync("/api/external/users/ann/dead-letters", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync("/api/external/dead-letters", Ct)).StatusCode);
    }

    [Fact]
    public async Task Bad_sandbox_bodies_are_400_naming_the_field()
    {
        await SaveAsync("ann");
        await ActAsync("ann", "link");

        var missing = await _admin.PostAsJsonAsync("/api/external/users/ann/sandbox/inbound", new { text = "hi" }, Ct);
        var huge = await _admin.PostAsJsonAsync("/api/external/users/ann/sandbox/inbound", new { correspondent_id = "alice", text = new string('x', 70_000) }, Ct);
        var malformed = await _admin.PostAsync("/api/external/users/ann/sandbox/inbound",
            new StringContent("{\"text\":", System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await missing.ProblemAsync()).GetProperty("errors").TryGetProperty("correspondent_id", out _));
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.True((await huge.ProblemAsync()).GetProperty("errors").TryGetProperty("text", out _));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(0, await _app.Service<IMessageArchive>().CountAsync("ann", null, Ct));
    }
}
