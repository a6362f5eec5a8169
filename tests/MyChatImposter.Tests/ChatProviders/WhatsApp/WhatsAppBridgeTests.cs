using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MyChatImposter.ChatProviders;
using MyChatImposter.ChatProviders.WhatsApp;
using MyChatImposter.Delivery;
using MyChatImposter.Pipeline;
using MyChatImposter.Tests.AutoReply;
using MyChatImposter.Tests.Delivery;
using MyChatImposter.Tests.Llm;

namespace MyChatImposter.Tests.ChatProviders.WhatsApp;

// The host with its embedded bridge (the real Node.js bridge as a child process, started by the host) whose
// WhatsApp sockets are the fake ones: link → QR → connected → a message in → the auto-reply out, and the
// bridge killed mid-stream. Real time throughout: the child process does not run on a fake clock.
public sealed class WhatsAppBridgeTests : IAsyncDisposable
{
    private const string Ann = "ann";
    private const string Dana = "972501234567@s.whatsapp.net";
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(60);

    private readonly CapturedLogs _logs = new();
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("imposter-whatsapp-").FullName;
    private ImposterApp? _app;
    private WhatsAppSessionWatch? _watch;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ImposterApp App => _app ?? throw new InvalidOperationException("StartAsync first.");

    private WhatsAppSessionWatch Watch => _watch ?? throw new InvalidOperationException("StartAsync first.");

    private string BridgeData => Path.Combine(_dataDirectory, "whatsapp-bridge");

    private async Task<HttpClient> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var values = FakeWhatsApp.EmbeddedSettings(_dataDirectory);
        values["Pipeline:DrainTimeout"] = "00:00:30";
        values["AutoReply:QuietPeriod"] = "00:00:00";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }
        _app = new ImposterApp(values, _dataDirectory)
        {
            ConfigureServices = services => services
                .AddSingleton(TimeProvider.System)
                .AddLogging(logging => logging.AddProvider(_logs)),
        };
        var admin = await _app.AdminClientAsync();
        _watch = new WhatsAppSessionWatch(_app.Service<ChatSessions>());
        return admin;
    }

    private async Task<FakeWhatsApp> FakeAsync() => new(await App.Service<EmbeddedBridge>().GetAsync(Ct));

    // Ann's bot on WhatsApp, Dana whitelisted, the built-in fake model answering `answer`.
    private static JsonObject WhatsAppBot(string answer = "On my way") =>
        ConfigurationDocuments.Valid(Ann)
            .With("configurations.chat_provider_config.provider_name", "whatsapp")
            .With("features.automatic_bot_reply.enabled", true)
            .With("features.automatic_bot_reply.respond_to_whitelist", new JsonArray("+972 50-123-4567"))
            .With("configurations.llm_provider_config.provider_config.response_array", new JsonArray(answer));

    private async Task<FakeWhatsApp> LinkAndScanAsync(HttpClient admin)
    {
        await admin.SaveAndLinkAsync(Ann, WhatsAppBot());
        await Watch.WaitForAsync(Ann, status => status.Status == ChatStatus.Linking);
        var fake = await FakeAsync();
        await fake.ScanAsync(Ann);
        await Watch.WaitForAsync(Ann, status => status.IsConnected);
        return fake;
    }

    [Fact]
    public async Task Linking_shows_the_QR_and_once_scanned_a_message_in_gets_the_auto_reply_out_through_the_bridge()
    {
        FakeWhatsApp.RequireNode();
        var admin = await StartAsync();
        await admin.SaveAndLinkAsync(Ann, WhatsAppBot("On my way"));

        var linking = await Watch.WaitForAsync(Ann, status => status.Status == ChatStatus.Linking);
        Assert.Equal($"fake-qr-{Ann}-1", linking.Qr);
        var status = await admin.GetFromJsonAsync<JsonObject>($"/api/external/users/{Ann}/status", Ct);
        Assert.Equal(("linking", $"fake-qr-{Ann}-1"), ((string?)status!["status"], (string?)status["qr"]));

        using var fake = await FakeAsync();
        await fake.ScanAsync(Ann);
        await Watch.WaitForAsync(Ann, status => status.IsConnected);
        status = await admin.GetFromJsonAsync<JsonObject>($"/api/external/users/{Ann}/status", Ct);
        Assert.Equal("connected", (string?)status!["status"]);
        Assert.Null(status["qr"]);

        await fake.ReceiveAsync(Ann, Dana, "Dana", ("3EB0AAA1", "are you coming tonight?"));

        var reply = await SentItemAsync(Ann);
        Assert.Equal((Dana, "On my way"), (reply.Recipient, DeliveryContent.Decode(reply.MessageType, reply.Content) is TextContent text ? text.Text : null));
        var sent = (await fake.SentAsync(Ann))["sent"]!.AsArray();
        var out1 = Assert.Single(sent);
        Assert.Equal((Dana, "On my way"), ((string?)out1!["jid"], (string?)out1["content"]!["text"]));
        var archived = await App.Service<IMessageArchive>().ReadAsync(Ann, Dana, 0, 100, Ct);
        Assert.Equal(["3EB0AAA1"], archived.Where(message => message.Source == MessageSource.User).Select(message => message.ProviderMessageId));
        Assert.Equal("are you coming tonight?", archived[0].Content);
    }

    [Fact]
    public async Task The_bridge_killed_mid_stream_is_restarted_by_the_host_and_every_message_it_took_is_archived_once()
    {
        FakeWhatsApp.RequireNode();
        var admin = await StartAsync();
        using var fake = await LinkAndScanAsync(admin);
        var bridge = App.Service<EmbeddedBridge>();
        Assert.Equal(1, bridge.Starts);

        await fake.StartStreamAsync(Ann, count: 20_000, prefix: "burst", batchSize: 50, maxPending: 500);
        await CrossProcess.EventuallyAsync(async () => (int)(await fake.StreamAsync(Ann))["emitted"]! >= 1_000, "1,000 messages emitted");
        using (var child = Process.GetProcessById(bridge.ProcessId!.Value))
        {
            child.Kill(); // SIGKILL: no shutdown, no flush, whatever was in flight is in flight
            await child.WaitForExitAsync(Ct);
        }

        // Nobody relinks: the provider reconnects, which makes the host start the bridge again, which brings
        // the WhatsApp session back with its stored login.
        await Watch.WaitForAsync(Ann, status => status.Status == ChatStatus.Reconnecting);
        await Watch.WaitForAsync(Ann, status => status.IsConnected);
        Assert.Equal(2, bridge.Starts);

        var emitted = FakeWhatsApp.EmittedIds(BridgeData, Ann);
        Assert.True(emitted.Count >= 1_000, $"{emitted.Count} emitted");
        Assert.True(emitted.Count < 20_000, "the stream ended with the killed bridge");
        var archive = App.Service<IMessageArchive>();
        await CrossProcess.EventuallyAsync(async () => await archive.CountAsync(Ann, null, Ct) >= emitted.Count, $"{emitted.Count} archived");
        var archivedIds = await CrossProcess.ArchivedIdsAsync(archive, Ann);
        // Every message the bridge took is archived, none twice. A few taken by the bridge just before the
        // kill may be archived without being in the emitted log (it is written after the outbox).
        Assert.Equal(archivedIds.Count, archivedIds.Distinct().Count());
        Assert.Empty(emitted.Except(archivedIds));
        Assert.True(archivedIds.Count - emitted.Count <= 500, $"{archivedIds.Count} archived for {emitted.Count} emitted");
    }

    [Fact]
    public async Task Without_node_linking_a_WhatsApp_bot_answers_503_saying_what_to_install_and_the_sandbox_still_works()
    {
        var admin = await StartAsync(new Dictionary<string, string> { ["WhatsApp:Bridge:NodePath"] = "/nonexistent/node" });
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/external/users/{Ann}", WhatsAppBot(), Ct)).StatusCode);

        var link = await admin.PostAsync($"/api/external/users/{Ann}/actions/link", null, Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, link.StatusCode);
        var problem = await link.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Contains("Node.js 20", (string?)problem!["detail"], StringComparison.Ordinal);
        Assert.Contains("WhatsApp:Bridge:Url", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Null(App.Service<ChatSessions>().Get(Ann));
        await admin.SaveAndLinkAsync("bob", ConfigurationDocuments.Valid("bob"));
        Assert.True(App.Service<ChatSessions>().Get("bob")!.Status.IsConnected);
    }

    // The first item the user's delivery queue sent; the sender changes state after every send.
    private async Task<DeliveryItem> SentItemAsync(string userId)
    {
        var sender = await App.SenderAsync(userId);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(SignalTimeout);
        for (var step = -1L; ;)
        {
            if ((await App.ItemsAsync(userId, DeliveryState.Sent)).FirstOrDefault() is { } sent)
            {
                return sent;
            }
            var seen = step;
            step = (await sender.WaitForAsync(state => state.Step > seen, timeout.Token)).Step;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _watch?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
