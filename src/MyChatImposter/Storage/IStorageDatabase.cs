namespace MyChatImposter.Storage;

// The database behind the stores, whichever provider is configured: prepared once at start, pinged by the
// health check.
public interface IStorageDatabase
{
    // "sqlite" or "mongodb", for health reports and logs.
    string ProviderName { get; }

    // SQLite: creates the file and applies the pending migrations. MongoDB: creates the indexes.
    Task InitializeAsync(CancellationToken cancellationToken);

    // Throws when the database cannot be reached.
    Task PingAsync(CancellationToken cancellationToken);
}
