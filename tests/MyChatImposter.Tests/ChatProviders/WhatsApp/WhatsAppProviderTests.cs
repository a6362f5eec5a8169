using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.ChatProviders;
using MyChatImposter.ChatProviders.WhatsApp;
using MyChatImposter.Tests.AutoReply;

namespace MyChatImposter.Tests.ChatProviders.WhatsApp;

// What the WhatsApp provider does besides ingest, each through the real bridge with fake WhatsApp sockets:
// sends (text, documents, presence), WhatsApp's rate limit, groups, a group's recent messages, and the
// disconnect reasons that end a session.
public sealed class WhatsAppProviderTests : IAsyncDisposable
{
    private const string Ann = "ann";
    private const string Dana = "972501234567@s.whatsapp.net";
    private const string Family = "120363041234567890@g.us";

    private readonly ImposterApp _app;
    private readonly WhatsAppSessionWatch _watch;
    private HttpClient _admin = null!;

    public WhatsAppProviderTests()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("imposter-whatsapp-").FullName;
        _app = new ImposterApp(FakeWhatsApp.EmbeddedSettings(dataDirectory))
        {
            ConfigureServices = services => services.AddSingleton(TimeProvider.System),
        };
        _watch = new WhatsAppSessionWatch(_app.Service<ChatSessions>());
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IChatProvider Provider => _app.Service<ChatSessions>().Get(Ann)!.Provider;

    // Ann linked and connected; group messages allowed so a group's traffic reaches the bridge's store.
    private async Task<FakeWhatsApp> ConnectedAsync()
    {
        FakeWhatsApp.RequireNode();
        _admin = await _app.AdminClientAsync();
        await _admin.SaveAndLinkAsync(Ann, ConfigurationDocuments.Valid(Ann)
            .With("configurations.chat_provider_config.provider_name", "whatsapp")
            .With("configurations.chat_provider_config.provider_config.allow_group_messages", true));
        await _watch.WaitForAsync(Ann, status => status.Status == ChatStatus.Linking);
        var fake = new FakeWhatsApp(await _app.Service<EmbeddedBridge>().GetAsync(Ct));
        await fake.ScanAsync(Ann);
        await _watch.WaitForAsync(Ann, status => status.IsConnected);
        return fake;
    }

    [Fact]
    public async Task Texts_documents_and_presence_reach_WhatsApp_and_the_own_chat_is_the_accounts_jid()
    {
        using var fake = await ConnectedAsync();

        var textId = await Provider.SendTextAsync(Dana, "hello", Ct);
        var documentId = await Provider.SendDocumentAsync(Dana, Encoding.UTF8.GetBytes("BEGIN:VCALENDAR"), "digest.ics", "text/calendar", "Your week", Ct);
        await Provider.SendPresenceAsync(Dana, ChatPresence.Typing, Ct);
        await Provider.SendPresenceAsync(Dana, ChatPresence.Paused, Ct);
        await Provider.SendTextAsync("self", "note to self", Ct);

        Assert.NotEqual(textId, documentId);
        var recorded = await fake.SentAsync(Ann);
        var sent = recorded["sent"]!.AsArray();
        Assert.Equal(3, sent.Count);
        Assert.Equal((Dana, "hello"), ((string?)sent[0]!["jid"], (string?)sent[0]!["content"]!["text"]));
        Assert.Equal(("digest.ics", "text/calendar", "Your week"),
            ((string?)sent[1]!["content"]!["fileName"], (string?)sent[1]!["content"]!["mimetype"], (string?)sent[1]!["content"]!["caption"]));
        // The account's own chat: its JID as the bridge reported it on connect (the fake's is derived from the user id).
        Assert.EndsWith("@s.whatsapp.net", (string?)sent[2]!["jid"]);
        Assert.DoesNotContain(":", (string?)sent[2]!["jid"]);
        Assert.Equal([(Dana, "composing"), (Dana, "paused")],
            recorded["presences"]!.AsArray().Select(presence => ((string?)presence!["jid"], (string?)presence["presence"])));
    }

    [Fact]
    public async Task WhatsApps_rate_limit_becomes_the_exception_the_delivery_queue_pauses_on()
    {
        using var fake = await ConnectedAsync();
        await fake.RateLimitAsync(Ann, 1);

        await Assert.ThrowsAsync<ChatRateLimitedException>(() => Provider.SendTextAsync(Dana, "too many", Ct));

        Assert.NotEmpty(await Provider.SendTextAsync(Dana, "later", Ct));
    }

    [Fact]
    public async Task Groups_are_listed_and_a_groups_recent_messages_are_fetched_oldest_first()
    {
        using var fake = await ConnectedAsync();
        await fake.ReceiveGroupAsync(Ann, Family, "Family", "972508888888@s.whatsapp.net", "Mum", ("G1", "who brings the cake?"), ("G2", "I do"));

        var groups = await Provider.ListGroupsAsync(Ct);
        var fetched = await Provider.FetchGroupMessagesAsync(Family, 10, Ct);

        Assert.Contains(groups, group => group.Id == Family && group.Subject == "Family");
        Assert.NotNull(fetched);
        Assert.Equal([("G1", "who brings the cake?"), ("G2", "I do")], fetched.Select(message => (message.ProviderMessageId, message.Text)));
        Assert.All(fetched, message => Assert.Equal((Family, "Family"), (message.Group!.Id, message.Group.Name)));
        Assert.Equal("Mum", fetched[0].Sender.DisplayName);
    }

    [Fact]
    public async Task Logged_out_by_WhatsApp_the_session_shows_it_and_linking_again_shows_a_new_QR()
    {
        using var fake = await ConnectedAsync();

        await fake.CloseAsync(Ann, 401);

        await _watch.WaitForAsync(Ann, status => status.Status == ChatStatus.LoggedOut);
        var relink = await _admin.PostAsync($"/api/external/users/{Ann}/actions/link", null, Ct);
        Assert.True(relink.IsSuccessStatusCode, await relink.Content.ReadAsStringAsync(Ct));
        var linking = await _watch.WaitForAsync(Ann, status => status.Status == ChatStatus.Linking);
        Assert.StartsWith($"fake-qr-{Ann}-", linking.Qr);
    }

    [Fact]
    public async Task Unlinking_logs_out_and_erases_the_login_so_linking_again_needs_a_new_QR()
    {
        using var fake = await ConnectedAsync();

        var unlink = await _admin.PostAsync($"/api/external/users/{Ann}/actions/unlink", null, Ct);

        Assert.True(unlink.IsSuccessStatusCode);
        var bridge = await _app.Service<EmbeddedBridge>().GetAsync(Ct);
        var status = await _app.Service<BridgeClient>().StatusAsync(bridge, Ann, heartbeat: false, Ct);
        Assert.Null(status); // the bridge has no session for Ann any more
        // Linking again needs a QR: the login is gone.
        await _admin.PostAsync($"/api/external/users/{Ann}/actions/link", null, Ct);
        var linking = await _watch.WaitForAsync(Ann, status => status.Status == ChatStatus.Linking);
        Assert.NotNull(linking.Qr);
    }

    public async ValueTask DisposeAsync()
    {
        _watch.Dispose();
        await _app.DisposeAsync();
    }
}
