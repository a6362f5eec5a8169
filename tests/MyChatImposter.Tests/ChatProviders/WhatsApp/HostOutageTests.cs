using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.ChatProviders;
using MyChatImposter.Pipeline;
using MyChatImposter.Tests.AutoReply;
using MyChatImposter.Tests.Hosting;

namespace MyChatImposter.Tests.ChatProviders.WhatsApp;

// A separate bridge (as in docker-compose) keeps WhatsApp connected while the host is gone, and holds what
// arrives until a host acknowledges it after the archive write.
public sealed class HostOutageTests : IAsyncDisposable
{
    private const string Ann = "ann";
    private const int Messages = 5_000;
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(90);

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("imposter-outage-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_host_killed_mid_stream_gets_the_bridges_backlog_after_its_restart_and_archives_every_message_once()
    {
        await using var bridge = await FakeBridgeProcess.StartAsync(Path.Combine(_dataDirectory, "bridge"));
        using var fake = new FakeWhatsApp(bridge.Address);
        // Linked once through an in-process host; its shutdown leaves the bridge's session running.
        await using (var first = NewApp(bridge))
        {
            var admin = await first.AdminClientAsync();
            using var watch = new WhatsAppSessionWatch(first.Service<ChatSessions>());
            await admin.SaveAndLinkAsync(Ann, ConfigurationDocuments.Valid(Ann).With("configurations.chat_provider_config.provider_name", "whatsapp"));
            await watch.WaitForAsync(Ann, status => status.Status == ChatStatus.Linking);
            await fake.ScanAsync(Ann);
            await watch.WaitForAsync(Ann, status => status.IsConnected);
        }

        string[] hostArguments = [
            .. bridge.HostSettings.SelectMany(setting => new[] { $"--{setting.Key}", setting.Value }),
            "--Storage:Provider", "Sqlite", "--Storage:Sqlite:Path", Path.Combine(_dataDirectory, "test.db"),
        ];
        await using (var doomed = HostProcess.Start(_dataDirectory, hostArguments))
        {
            await doomed.WaitForOutputAsync($"WhatsApp session of {Ann} connected to the bridge", SignalTimeout, Ct);
            await fake.StartStreamAsync(Ann, Messages, prefix: "outage", batchSize: 50, maxPending: 500);
            await CrossProcess.EventuallyAsync(async () => (int)(await fake.StreamAsync(Ann))["emitted"]! >= 1_000, "1,000 messages emitted");
            await doomed.KillAsync();
        }
        // With nobody acknowledging, the fake stops at its limit of unacknowledged messages: they wait in the bridge.
        var held = await fake.StreamAsync(Ann);
        Assert.False((bool)held["done"]!);

        await using (var restarted = HostProcess.Start(_dataDirectory, hostArguments))
        {
            await CrossProcess.EventuallyAsync(async () => await fake.StreamAsync(Ann) is var stream && (bool)stream["done"]! && (int)stream["pending"]! == 0,
                "every message emitted and acknowledged");
        }

        await using var reader = NewApp(bridge);
        var archive = reader.Service<IMessageArchive>();
        var archivedIds = await CrossProcess.ArchivedIdsAsync(archive, Ann);
        Assert.Equal(Messages, (int)(await fake.StreamAsync(Ann))["emitted"]!);
        Assert.Equal(Enumerable.Range(0, Messages).Select(i => $"outage-{i}").Order(StringComparer.Ordinal),
            archivedIds.Order(StringComparer.Ordinal));
    }

    private ImposterApp NewApp(FakeBridgeProcess bridge) => new(bridge.HostSettings, _dataDirectory)
    {
        ConfigureServices = services => services.AddSingleton(TimeProvider.System),
    };

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        return ValueTask.CompletedTask;
    }
}
