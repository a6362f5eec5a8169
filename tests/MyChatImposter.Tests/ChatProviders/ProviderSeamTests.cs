using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.ChatProviders;
using MyChatImposter.ChatProviders.Sandbox;
using MyChatImposter.Configuration;
using MyChatImposter.Pipeline;

namespace MyChatImposter.Tests.ChatProviders;

// The provider seam (issue 12): a kind registered keyed by its ChatProviderKind, and nothing else, links,
// reports status, unlinks and is erased through the public API exactly as the sandbox is. The recording
// kind stands where the WhatsApp bridge will.
public sealed class ProviderSeamTests : IAsyncLifetime
{
    private readonly RecordingChatProviderKind _whatsApp = new(ChatProviderKind.WhatsApp);
    private readonly ImposterApp _app;
    private HttpClient _admin = null!;

    public ProviderSeamTests() => _app = new ImposterApp
    {
        ConfigureServices = services => services.AddKeyedSingleton<IChatProviderKind>(ChatProviderKind.WhatsApp, _whatsApp),
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _admin = await _app.AdminClientAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task SaveWhatsAppUserAsync(string userId)
    {
        var document = ConfigurationDocuments.Valid(userId)
            .With("configurations.chat_provider_config.provider_name", "whatsapp")
            .With("configurations.chat_provider_config.provider_config.allow_group_messages", true);
        Assert.True((await _admin.PutAsJsonAsync($"/api/external/users/{userId}", document, Ct)).IsSuccessStatusCode);
    }

    private Task<HttpResponseMessage> ActAsync(string userId, string action) =>
        _admin.PostAsync($"/api/external/users/{userId}/actions/{action}", null, Ct);

    private async Task<JsonObject> StatusAsync(string userId) =>
        (await _admin.GetFromJsonAsync<JsonObject>($"/api/external/users/{userId}/status", Ct))!;

    [Fact]
    public async Task A_kind_registered_through_the_seam_links_shows_its_qr_connects_reloads_and_unlinks()
    {
        await SaveWhatsAppUserAsync("wendy");

        var link = await ActAsync("wendy", "link");

        Assert.Equal(HttpStatusCode.OK, link.StatusCode);
        Assert.NotNull((await link.Content.ReadFromJsonAsync<JsonObject>(Ct))!["instance_id"]);
        var provider = Assert.Single(_whatsApp.Created);
        Assert.Equal("wendy", provider.UserId);
        Assert.True(provider.Settings.AllowGroupMessages);
        var linking = await StatusAsync("wendy");
        Assert.Equal(ChatStatus.Linking, (string)linking["status"]!);
        Assert.Equal(RecordingChatProvider.Qr, (string)linking["qr"]!);
        Assert.Equal(HttpStatusCode.Conflict, (await ActAsync("wendy", "link")).StatusCode);

        provider.Scanned();

        Assert.Equal(ChatStatus.Connected, (string)(await StatusAsync("wendy"))["status"]!);
        var listed = (await _admin.GetFromJsonAsync<JsonObject>("/api/external/users/status", Ct))!["configurations"]!.AsArray().Single()!;
        Assert.True((bool)listed["authenticated"]!);

        // A reload keeps the login (no logout) and starts a fresh provider from the stored configuration.
        Assert.Equal(HttpStatusCode.OK, (await ActAsync("wendy", "reload")).StatusCode);
        Assert.False(provider.StoppedWithLogout);
        Assert.True(provider.Disposed);
        var reloaded = _whatsApp.Created[1];

        var unlink = await ActAsync("wendy", "unlink");

        Assert.Equal(HttpStatusCode.OK, unlink.StatusCode);
        Assert.True(reloaded.StoppedWithLogout);
        Assert.True(reloaded.Disposed);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/external/users/wendy/status", Ct)).StatusCode);
        Assert.Empty(await _app.Service<IChatSessionStore>().ListAsync(Ct));
    }

    [Fact]
    public async Task Its_messages_go_through_the_pipeline_and_deleting_its_user_logs_out_and_erases_through_every_kind()
    {
        await SaveWhatsAppUserAsync("wendy");
        Assert.True((await _admin.PutAsJsonAsync("/api/external/users/ann", ConfigurationDocuments.Valid("ann"), Ct)).IsSuccessStatusCode);
        await ActAsync("wendy", "link");
        await ActAsync("ann", "link");
        var provider = Assert.Single(_whatsApp.Created);
        provider.Scanned();
        Assert.Equal(IngestOutcome.Archived, await provider.ReceiveAsync("alice", "hi"));
        await _admin.PutAsJsonAsync("/api/external/users/ann/sandbox/groups", new[] { new { id = "family@g.us", name = "Family" } }, Ct);

        var deleteWendy = await _admin.DeleteAsync("/api/external/users/wendy", Ct);

        Assert.Equal(HttpStatusCode.OK, deleteWendy.StatusCode);
        var erased = (await deleteWendy.Content.ReadFromJsonAsync<JsonObject>(Ct))!["erased"]!;
        Assert.Equal("1", (string)erased["archived_messages"]!);
        Assert.Equal("1", (string)erased["linked_session"]!);
        Assert.True(provider.StoppedWithLogout);
        Assert.Equal(["wendy"], _whatsApp.Erased);
        Assert.Null(_app.Service<ChatSessions>().Get("wendy"));
        Assert.Equal(0, await _app.Service<IMessageArchive>().CountAsync("wendy", null, Ct));

        // The sandbox's world is erased the same way, and a kind forgets a user it was not linked to as well
        // (one who switched providers may have left state in it).
        Assert.Single(_app.Service<SandboxWorld>().Groups("ann"));
        Assert.Equal(HttpStatusCode.OK, (await _admin.DeleteAsync("/api/external/users/ann", Ct)).StatusCode);
        Assert.Equal(["wendy", "ann"], _whatsApp.Erased);
        Assert.Empty(_app.Service<SandboxWorld>().Groups("ann"));
    }
}
