using MongoDB.Driver;
using MyChatImposter.Tests.Storage.Mongo;

namespace MyChatImposter.Tests.Storage;

// The database one contract test runs against, of its own, removed when the test ends.
public abstract class TestDatabase : IAsyncDisposable
{
    // The Storage settings pointing at it. Calls Assert.Skip when the backend cannot run here.
    public abstract IReadOnlyDictionary<string, string?> StorageSettings();

    public abstract ValueTask DisposeAsync();
}

public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mychatimposter-tests", Guid.NewGuid().ToString("N"));

    public string FilePath => Path.Combine(_root, "storage.db");

    public override IReadOnlyDictionary<string, string?> StorageSettings() => new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "Sqlite",
        ["Storage:Sqlite:Path"] = FilePath,
    };

    // Called after the services are disposed, which closes the pooled connections.
    public override ValueTask DisposeAsync()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
        return ValueTask.CompletedTask;
    }
}

// Runs when MONGODB_URL points at a server (see MongoTestServer); the test is skipped otherwise.
public sealed class MongoTestDatabase : TestDatabase
{
    private readonly string _name = $"mci_test_{Guid.NewGuid():N}";
    private string? _url;

    public override IReadOnlyDictionary<string, string?> StorageSettings()
    {
        _url = MongoTestServer.RequireUrl();
        return new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "MongoDb",
            ["Storage:MongoDb:ConnectionString"] = _url,
            ["Storage:MongoDb:Database"] = _name,
        };
    }

    public override async ValueTask DisposeAsync()
    {
        if (_url is null)
        {
            return;
        }

        using var client = new MongoClient(_url);
        try
        {
            await client.DropDatabaseAsync(_name, CancellationToken.None);
        }
        catch (MongoException)
        {
            // The stand-in has no dropDatabase; its databases vanish with the process.
        }
    }
}
