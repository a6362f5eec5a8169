using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.Storage;

namespace MyChatImposter.Tests.Storage;

// What the store contracts share: each test gets its own database and builds the services the way the host
// does (AddStorage, then InitializeStorageAsync).
public abstract class StoreContract<TStore>(TestDatabase database) : IAsyncDisposable
    where TStore : notnull
{
    // Whole milliseconds: what both backends keep exactly (MongoDB dates have millisecond precision).
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, 123, TimeSpan.Zero);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected TestDatabase Database => database;

    protected ServiceProvider? Services { get; private set; }

    protected async Task<TStore> OpenStoreAsync()
    {
        var settings = database.StorageSettings();
        if (Services is not null)
        {
            await Services.DisposeAsync();
        }

        Services = StorageTestHost.Build(settings);
        await Services.InitializeStorageAsync(Ct);
        return Wrap(Services.GetRequiredService<TStore>(), Services);
    }

    // What the tests talk to: the store itself, or a layer over it that must keep the same contract.
    protected virtual TStore Wrap(TStore store, IServiceProvider services) => store;

    // A process restart: everything built by AddStorage is disposed and built again over the same database.
    protected Task<TStore> RestartAsync() => OpenStoreAsync();

    public async ValueTask DisposeAsync()
    {
        if (Services is not null)
        {
            await Services.DisposeAsync();
        }
        await database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    // The instant as MongoDB keeps it, so values written with finer ticks compare on both backends.
    protected static DateTimeOffset Milliseconds(DateTimeOffset instant) =>
        new(instant.UtcTicks - instant.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}
