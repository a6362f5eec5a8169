using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.Pipeline;
using MyChatImposter.Storage;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace MyChatImposter.ScaleOut.Tests;

// Silos in one process over one SQLite file, standing for hosts on several machines over the MongoDB they
// would share. Each silo builds its own storage services (AddStorage, as the host does), so the file is
// written through as many connections as there are silos, the way separate hosts would write one database.
//
// InProcessTestCluster keeps the membership table and the grain directory in the test process, beside the
// silos rather than in one of them (the ADO.NET or Redis table of a real cluster), so any silo may be the one
// stopped: there is no primary silo whose loss would take the cluster's membership with it.
public sealed class ScaleOutCluster : IAsyncDisposable
{
    private readonly string _root;
    private readonly ServiceProvider _store;

    private ScaleOutCluster(string root, ServiceProvider store, InProcessTestCluster cluster)
    {
        _root = root;
        _store = store;
        Cluster = cluster;
    }

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    // The test's own connection to the shared store, for reading what the silos wrote.
    public IMessageArchive Archive => _store.GetRequiredService<IMessageArchive>();

    public static async Task<ScaleOutCluster> StartAsync(short silos, CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), "mychatimposter-scaleout", Guid.NewGuid().ToString("N"));
        var storage = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:Sqlite:Path"] = Path.Combine(root, "shared.db"),
            // A commit survives the process (what a silo going away is here) without an fsync per message.
            ["Storage:Sqlite:Synchronous"] = "Normal",
        }).Build();

        // Migrations run once, before any silo starts, as the first host of a real cluster would run them.
        var store = new ServiceCollection().AddLogging().AddMetrics().AddStorage(storage).BuildServiceProvider();
        await store.InitializeStorageAsync(cancellationToken);

        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) => host.Services.AddStorage(storage));
        builder.ConfigureSilo((_, silo) => silo
            .Configure<ClusterMembershipOptions>(ShortenFailureDetection)
            .Configure<SiloMessagingOptions>(options => options.ResponseTimeout = CallTimeout));
        builder.ConfigureClient(client => client
            .Configure<ClientMessagingOptions>(options => options.ResponseTimeout = CallTimeout));
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            await store.DisposeAsync();
            throw;
        }
        return new ScaleOutCluster(root, store, cluster);
    }

    // A call caught in flight by a killed silo gets no answer: it fails after this (30 s by default), and the
    // sender retries it elsewhere. The spike measured this as the longest a message waited.
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    // Defaults suit a data centre: a silo that stops answering is suspected after three missed probes of 5 s and
    // declared dead on two votes. Shortened so that, should a silo leave without recording its own death, the others declare it
    // within seconds and the project stays well under a minute. A real cluster tunes these against its
    // network, trading false suspicions against time to fail over.
    private static void ShortenFailureDetection(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = TimeSpan.FromMilliseconds(500);
        options.NumMissedProbesLimit = 2;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(1);
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(1);
    }

    public InProcessSiloHandle SiloAt(SiloAddress address) =>
        Cluster.GetSiloForAddress(address) ?? throw new InvalidOperationException($"No active silo at {address}.");

    public IReadOnlyList<SiloAddress> ActiveSilos() => [.. Cluster.GetActiveSilos().Select(silo => silo.SiloAddress)];

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await _store.DisposeAsync();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
