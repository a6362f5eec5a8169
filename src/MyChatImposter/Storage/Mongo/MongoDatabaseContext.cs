using MongoDB.Bson;
using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

// The one MongoClient of the process and the configured database.
public sealed partial class MongoDatabaseContext : IStorageDatabase, IDisposable
{
    private static readonly TimeSpan ServerSelectionTimeout = TimeSpan.FromSeconds(5);

    private readonly MongoClient _client;
    private readonly ILogger<MongoDatabaseContext> _logger;
    private readonly IReadOnlyList<MongoIndex> _indexes;

    public MongoDatabaseContext(IOptions<StorageOptions> options, ILogger<MongoDatabaseContext> logger)
        : this(options.Value.MongoDb, logger, MongoIndexes.All)
    {
    }

    internal MongoDatabaseContext(
        MongoDbStorageOptions options, ILogger<MongoDatabaseContext> logger, IReadOnlyList<MongoIndex> indexes)
    {
        var settings = MongoClientSettings.FromConnectionString(
            options.ConnectionString
            ?? throw new InvalidOperationException("Storage:MongoDb:ConnectionString is not set."));
        // Fail fast when the server is down, rather than the driver's default 30 s per operation.
        settings.ServerSelectionTimeout = ServerSelectionTimeout;
        _client = new MongoClient(settings);
        Database = _client.GetDatabase(options.Database);
        _logger = logger;
        _indexes = indexes;
    }

    public string ProviderName => "mongodb";

    public IMongoDatabase Database { get; }

    public IMongoCollection<BsonDocument> Collection(string name) => Database.GetCollection<BsonDocument>(name);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await PingAsync(cancellationToken);
        }
        catch (TimeoutException ex)
        {
            throw new StorageStartException(
                $"MongoDB did not answer within {ServerSelectionTimeout.TotalSeconds:0} s (database " +
                $"'{Database.DatabaseNamespace.DatabaseName}'). Check Storage:MongoDb:ConnectionString or " +
                $"{StorageOptions.MongoDbUrlVariable}, and that the server is running.", ex);
        }

        foreach (var index in _indexes)
        {
            try
            {
                await Collection(index.Collection).Indexes.CreateOneAsync(index.Model, cancellationToken: cancellationToken);
            }
            catch (MongoCommandException ex)
            {
                // As in the original: a server that refuses an index (say, duplicates left by an old version
                // under a unique index, or an index of that name with other options) must not keep the bot
                // down; the warning says what to fix.
                LogIndexCreationFailed(_logger, ex, index.Description, index.Collection);
            }
        }
    }

    public Task PingAsync(CancellationToken cancellationToken) =>
        Database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: cancellationToken);

    public void Dispose() => _client.Dispose();

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning,
        Message = "Could not create the MongoDB index {Index} on {Collection}")]
    private static partial void LogIndexCreationFailed(ILogger logger, Exception exception, string index, string collection);
}
