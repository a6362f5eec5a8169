using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MyChatImposter.ChatProviders;
using MyChatImposter.Pipeline;
using MyChatImposter.Tests.AutoReply;
using MyChatImposter.Tests.Llm;

namespace MyChatImposter.Tests.ChatProviders.WhatsApp;

// The provider's side of the bridge connection against a bridge that sends what the real one never does.
public sealed class ProviderConnectionTests : IAsyncDisposable
{
    private const string Ann = "ann";
    private const string Dana = "972501234567@s.whatsapp.net";

    private readonly CapturedLogs _logs = new();
    private ScriptedBridge? _bridge;
    private ImposterApp? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonObject Messages(params string?[] ids) => new()
    {
        ["type"] = "messages",
        ["messages"] = new JsonArray([.. ids.Select(id => (JsonNode)new JsonObject
        {
            ["id"] = id, ["chat_id"] = Dana, ["correspondent_id"] = Dana, ["sender_id"] = Dana, ["from_me"] = false,
            ["is_group"] = false, ["display_name"] = "Dana", ["text"] = $"text of {id}", ["originating_time"] = 1_765_000_000_000,
        })]),
    };

    [Fact]
    public async Task A_bad_frame_is_skipped_a_closed_connection_is_made_again_and_acks_follow_the_archive_write()
    {
        _bridge = await ScriptedBridge.StartAsync();
        _app = new ImposterApp(_bridge.HostSettings)
        {
            ConfigureServices = services => services.AddSingleton(TimeProvider.System).AddLogging(logging => logging.AddProvider(_logs)),
        };
        var admin = await _app.AdminClientAsync();
        await admin.SaveAndLinkAsync(Ann, ConfigurationDocuments.Valid(Ann).With("configurations.chat_provider_config.provider_name", "whatsapp"));
        var archive = _app.Service<IMessageArchive>();

        var first = await _bridge.NextConnectionAsync();
        await first.SendAsync("this is not JSON");
        await first.SendAsync("""{"type":"status_update","status":42}""");
        await first.SendAsync(Messages("M1", null));
        var ack = await first.ReceiveAsync("ack");
        Assert.Equal(["M1"], ack["ids"]!.AsArray().Select(id => (string?)id));
        Assert.Equal(["M1"], (await archive.ReadAsync(Ann, Dana, 0, 10, Ct)).Select(message => message.ProviderMessageId));
        Assert.Contains(_logs.Entries, entry => entry.Contains("[3114]", StringComparison.Ordinal));

        // The bridge goes away; the provider comes back by itself and the bridge offers M1 again with M2.
        await first.CloseAsync();
        var second = await _bridge.NextConnectionAsync();
        await second.SendAsync("""{"type":"status_update","status":"connected","qr":null,"user_jid":"4915100000000@s.whatsapp.net"}""");
        await second.SendAsync(Messages("M1", "M2"));
        var again = await second.ReceiveAsync("ack");

        Assert.Equal(["M1", "M2"], again["ids"]!.AsArray().Select(id => (string?)id));
        Assert.Equal(["M1", "M2"], (await archive.ReadAsync(Ann, Dana, 0, 10, Ct)).Select(message => message.ProviderMessageId));
        Assert.True(_app.Service<ChatSessions>().Get(Ann)!.Status.IsConnected);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        if (_bridge is not null)
        {
            await _bridge.DisposeAsync();
        }
    }
}
