using MongoDB.Driver;

namespace MyChatImposter.Storage;

public enum StorageProvider
{
    Sqlite,
    MongoDb,
}

// Bound from the "Storage" section. The defaults give a working SQLite database under ./data on a fresh machine.
public sealed record StorageOptions
{
    public const string SectionName = "Storage";

    // Read from the host configuration, which carries the environment variables (WebApplication.CreateBuilder).
    public const string MongoDbUrlVariable = "MONGODB_URL";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    public SqliteStorageOptions Sqlite { get; set; } = new();

    public MongoDbStorageOptions MongoDb { get; set; } = new();

    // MONGODB_URL is how the original deployment pointed at its database; alone it still selects MongoDB.
    // An explicit Storage:Provider always wins, and Storage:MongoDb:ConnectionString wins over MONGODB_URL.
    internal void ApplyMongoDbUrl(IConfiguration configuration)
    {
        var url = configuration[MongoDbUrlVariable];
        if (string.IsNullOrWhiteSpace(url))
        {
            return;
        }

        var providerSetExplicitly = !string.IsNullOrWhiteSpace(configuration[$"{SectionName}:{nameof(Provider)}"]);
        if (!providerSetExplicitly)
        {
            Provider = StorageProvider.MongoDb;
        }

        if (Provider == StorageProvider.MongoDb && string.IsNullOrWhiteSpace(MongoDb.ConnectionString))
        {
            MongoDb.ConnectionString = url;
        }
    }
}

public sealed record SqliteStorageOptions
{
    // Relative paths are resolved against the current working directory.
    public string Path { get; set; } = "data/mychatimposter.db";

    // Full: a commit (and so a 202 from the sandbox inbound call) survives a power cut. Normal: it survives
    // the process being killed, and a power cut may lose the last commits; SQLite's documentation calls it
    // safe from corruption in WAL mode, and it spares one fsync per commit (see load-tests/README.md).
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Full;
}

public enum SqliteSynchronous
{
    Full,
    Normal,
}

public sealed record MongoDbStorageOptions
{
    public string? ConnectionString { get; set; }

    public string Database { get; set; } = "chat_manager";
}

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    // MongoDB refuses these in database names.
    private static readonly char[] InvalidDatabaseNameChars = ['/', '\\', '.', ' ', '"', '$', '*', '<', '>', ':', '|', '?', '\0'];

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();

        switch (options.Provider)
        {
            case StorageProvider.Sqlite:
                if (string.IsNullOrWhiteSpace(options.Sqlite.Path))
                {
                    failures.Add("Storage:Sqlite:Path must not be empty when Storage:Provider is Sqlite.");
                }
                if (!Enum.IsDefined(options.Sqlite.Synchronous))
                {
                    failures.Add($"Storage:Sqlite:Synchronous '{options.Sqlite.Synchronous}' is not supported; use Full or Normal.");
                }
                break;

            case StorageProvider.MongoDb:
                ValidateMongoDb(options.MongoDb, failures);
                break;

            default:
                failures.Add($"Storage:Provider '{options.Provider}' is not supported; use Sqlite or MongoDb.");
                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateMongoDb(MongoDbStorageOptions options, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add(
                "Storage:Provider is MongoDb but no connection string is set: set Storage:MongoDb:ConnectionString " +
                $"or the {StorageOptions.MongoDbUrlVariable} environment variable (e.g. mongodb://localhost:27017).");
        }
        else
        {
            try
            {
                _ = MongoUrl.Create(options.ConnectionString);
            }
            catch (Exception ex) when (ex is MongoConfigurationException or ArgumentException or FormatException)
            {
                // The driver's message may echo the string, credentials included: do not repeat it.
                failures.Add(
                    "Storage:MongoDb:ConnectionString is not a valid MongoDB connection string " +
                    "(expected mongodb://host:port or mongodb+srv://host).");
            }
        }

        if (string.IsNullOrWhiteSpace(options.Database))
        {
            failures.Add("Storage:MongoDb:Database must not be empty.");
        }
        else if (options.Database.IndexOfAny(InvalidDatabaseNameChars) >= 0 || options.Database.Length > 63)
        {
            failures.Add(
                $"Storage:MongoDb:Database '{options.Database}' is not a valid MongoDB database name " +
                "(at most 63 characters, none of / \\ . space \" $ * < > : | ?).");
        }
    }
}
