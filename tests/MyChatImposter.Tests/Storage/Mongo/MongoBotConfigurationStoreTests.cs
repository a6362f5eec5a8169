using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MongoDB.Bson;
using MongoDB.Driver;
using MyChatImposter.Storage;
using MyChatImposter.Storage.Mongo;

namespace MyChatImposter.Tests.Storage.Mongo;

// Runs when MONGODB_URL points at a server (see MongoTestServer); skipped otherwise.
public sealed class MongoBotConfigurationStoreTests : BotConfigurationStoreContract
{
    // A database of its own per test, so tests never see each other's documents.
    private readonly string _database = $"mci_test_{Guid.NewGuid():N}";

    protected override IReadOnlyDictionary<string, string?> StorageSettings() => new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "MongoDb",
        ["Storage:MongoDb:ConnectionString"] = MongoTestServer.RequireUrl(),
        ["Storage:MongoDb:Database"] = _database,
    };

    public override async ValueTask DisposeAsync()
    {
        if (Services?.GetService<MongoDatabaseContext>() is { } context)
        {
            try
            {
                await context.Database.Client.DropDatabaseAsync(_database, CancellationToken.None);
            }
            catch (MongoException)
            {
                // The stand-in has no dropDatabase; its databases vanish with the process.
            }
        }
        await base.DisposeAsync();
    }

    private IMongoCollection<BsonDocument> Configurations =>
        Services!.GetRequiredService<MongoDatabaseContext>().Collection(MongoCollections.Configurations);

    [Fact]
    public async Task New_documents_have_the_original_shape()
    {
        var store = await OpenStoreAsync();

        await store.SaveAsync(ConfigurationDocuments.Full("alice"), Ct);

        var raw = await Configurations.Find(FilterDefinition<BsonDocument>.Empty).SingleAsync(Ct);
        Assert.Equal(["_id", "config_data"], raw.Names);
        Assert.Equal("alice", raw["_id"]);
        var configData = raw["config_data"].AsBsonDocument;
        Assert.Equal("alice", configData["user_id"]);
        var queue = configData["configurations"]["queue_config"];
        Assert.Equal(BsonType.Int32, queue["max_messages"].BsonType);
        var llm = configData["configurations"]["llm_provider_config"]["provider_config"];
        Assert.Equal(BsonType.Double, llm["temperature"].BsonType);
        Assert.Equal(BsonType.Int64, llm["big_number"].BsonType);
        Assert.Equal(BsonType.Array, llm["response_array"].BsonType);
    }

    [Fact]
    public async Task Reads_a_sparse_original_document_with_an_ObjectId()
    {
        var store = await OpenStoreAsync();
        await Configurations.InsertOneAsync(new BsonDocument
        {
            { "_id", ObjectId.GenerateNewId() },
            { "config_data", SparseConfigData("sparse") },
        }, cancellationToken: Ct);

        var read = await store.GetAsync("sparse", Ct);

        Assert.NotNull(read);
        Assert.Equal("UTC", read.Configurations.UserDetails.Timezone);
        Assert.Equal(10, read.Configurations.QueueConfig.MaxMessages);
        Assert.True(read.Configurations.ChatProviderConfig.ProviderConfig.SyncFullHistory);
        Assert.False(read.Features.AutomaticBotReply.Enabled);
        Assert.Equal(0.7, read.Configurations.LlmProviderConfig.ProviderConfig.Temperature);
        Assert.Equal(5, read.Configurations.LlmProviderConfig.ProviderConfig.Seed);
        Assert.Equal("canned", read.Configurations.LlmProviderConfig.ProviderConfig.Extra!["response_array"][0].GetString());
        Assert.Equal(["sparse"], await store.ListUserIdsAsync(Ct));
        Assert.True(await store.DeleteAsync("sparse", Ct));
        Assert.Equal(0, await Configurations.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: Ct));
    }

    [Fact]
    public async Task Reads_a_legacy_one_element_array_document()
    {
        var store = await OpenStoreAsync();
        await Configurations.InsertOneAsync(LegacyDocument("legacy"), cancellationToken: Ct);
        await store.SaveAsync(ConfigurationDocuments.Minimal("modern"), Ct);

        var read = await store.GetAsync("legacy", Ct);

        Assert.NotNull(read);
        Assert.Equal("legacy", read.UserId);
        Assert.Equal("dummy", read.Configurations.ChatProviderConfig.ProviderName);
        Assert.Equal(["legacy", "modern"], await store.ListUserIdsAsync(Ct));
        Assert.True(await store.DeleteAsync("legacy", Ct));
        Assert.Equal(["modern"], await store.ListUserIdsAsync(Ct));
    }

    [Fact]
    public async Task Saving_over_a_legacy_document_leaves_exactly_one()
    {
        var store = await OpenStoreAsync();
        var legacy = LegacyDocument("legacy");
        await Configurations.InsertOneAsync(legacy, cancellationToken: Ct);

        Assert.False(await store.SaveAsync(ConfigurationDocuments.Full("legacy"), Ct));

        var all = await Configurations.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync(Ct);
        var only = Assert.Single(all);
        Assert.Equal(legacy["_id"], only["_id"]);
        Assert.Equal(BsonType.Document, only["config_data"].BsonType);
        AssertSameDocument(ConfigurationDocuments.Full("legacy"), await store.GetAsync("legacy", Ct));
    }

    [Fact]
    public async Task Saving_over_an_ObjectId_document_leaves_exactly_one()
    {
        var store = await OpenStoreAsync();
        await Configurations.InsertOneAsync(new BsonDocument
        {
            { "_id", ObjectId.GenerateNewId() },
            { "config_data", SparseConfigData("original") },
        }, cancellationToken: Ct);

        Assert.False(await store.SaveAsync(ConfigurationDocuments.Full("original"), Ct));

        Assert.Equal(1, await Configurations.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: Ct));
        AssertSameDocument(ConfigurationDocuments.Full("original"), await store.GetAsync("original", Ct));
    }

    [Fact]
    public async Task The_user_id_is_unique_across_documents()
    {
        var store = await OpenStoreAsync();
        await store.SaveAsync(ConfigurationDocuments.Minimal("judy"), Ct);

        var duplicate = new BsonDocument
        {
            { "_id", ObjectId.GenerateNewId() },
            { "config_data", SparseConfigData("judy") },
        };
        var error = await Assert.ThrowsAnyAsync<MongoException>(
            () => Configurations.InsertOneAsync(duplicate, cancellationToken: Ct));

        Assert.True(
            error is MongoWriteException { WriteError.Category: ServerErrorCategory.DuplicateKey }
                or MongoCommandException { Code: 11000 },
            $"expected a duplicate-key error, got {error.GetType().Name}: {error.Message}");
    }

    [Fact]
    public async Task Health_check_is_healthy()
    {
        await OpenStoreAsync();

        var report = await Services!.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);

        Assert.Equal(HealthStatus.Healthy, report.Entries["storage"].Status);
    }

    // As the original stored it: only the keys that were submitted.
    private static BsonDocument SparseConfigData(string userId) => new()
    {
        { "user_id", userId },
        {
            "configurations", new BsonDocument
            {
                { "chat_provider_config", new BsonDocument { { "provider_name", "dummy" }, { "provider_config", new BsonDocument() } } },
                {
                    "llm_provider_config", new BsonDocument
                    {
                        { "provider_name", "fakeLlm" },
                        {
                            "provider_config", new BsonDocument
                            {
                                { "model", "fake" },
                                { "seed", 5 },
                                { "response_array", new BsonArray { "canned" } },
                            }
                        },
                    }
                },
            }
        },
    };

    private static BsonDocument LegacyDocument(string userId) => new()
    {
        { "_id", ObjectId.GenerateNewId() },
        { "config_data", new BsonArray { SparseConfigData(userId) } },
    };
}
