using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using MyChatImposter.Delivery;
using MyChatImposter.Storage;
using MyChatImposter.Storage.Mongo;

namespace MyChatImposter.Tests.Storage.Mongo;

// The original's delivery-queue collections, as its backend left them (fixture), moved into the current queue
// at start. Runs when MONGODB_URL points at a server (see MongoTestServer); skipped otherwise.
public sealed class OriginalDeliveryQueueImportTests : IAsyncDisposable
{
    private const int FixtureItems = 7;
    private readonly MongoTestDatabase _database = new();
    private ServiceProvider? _services;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task The_host_start_moves_every_document_and_a_second_start_changes_nothing()
    {
        var settings = _database.StorageSettings().ToDictionary(setting => setting.Key, setting => setting.Value!);
        var database = OriginalDatabase(_database.StorageSettings());
        await SeedAsync(database);
        Assert.Equal(FixtureItems, await SourceCountAsync(database));
        Assert.Equal(0, await TargetCountAsync(database));

        await using (var app = new ImposterApp(settings))
        {
            await app.Service<IDeliveryStore>().CountByStateAsync(Ct);
        }

        Assert.Equal(0, await SourceCountAsync(database));
        Assert.Equal(FixtureItems, await TargetCountAsync(database));
        var firstIds = await TargetIdsAsync(database);

        await using (var app = new ImposterApp(settings))
        {
            await app.Service<IDeliveryStore>().CountByStateAsync(Ct);
        }

        Assert.Equal(0, await SourceCountAsync(database));
        Assert.Equal(firstIds, await TargetIdsAsync(database));
    }

    [Fact]
    public async Task Each_document_becomes_an_item_in_the_matching_state_with_its_fields()
    {
        var store = await StartAsync(seed: true);

        Assert.Equal(new Dictionary<DeliveryState, long>
        {
            [DeliveryState.Active] = 2, [DeliveryState.Holding] = 2, [DeliveryState.Failed] = 3,
        }, await store.CountByStateAsync(Ct));

        var text = (await store.GetAsync("1b4e28ba-2fa1-41d2-883f-0016d3cca427", Ct))!;
        Assert.Equal(("alice", "whatsapp_baileys", OutboundMessage.SelfRecipient, OriginalDeliveryQueueImport.Origin),
            (text.UserId, text.ProviderName, text.Recipient, text.Origin));
        Assert.Equal((DeliveryState.Active, "text", 1), (text.State, text.MessageType, text.Attempts));
        Assert.Equal(new DateTimeOffset(2025, 5, 1, 8, 0, 0, TimeSpan.Zero), text.CreatedAt);
        Assert.Equal(new TextContent("Remember the dentist at 16:00"), DeliveryContent.Decode(text.MessageType, text.Content));

        // The original's digest becomes the calendar document the group tracker sends today.
        var digest = (await store.GetAsync("2c5f39cb-3fb2-42e3-994f-1127e4ddb538", Ct))!;
        Assert.Equal((DeliveryContent.Document, 0), (digest.MessageType, digest.Attempts));
        var calendar = Assert.IsType<DocumentContent>(DeliveryContent.Decode(digest.MessageType, digest.Content));
        Assert.Equal("text/calendar", calendar.MimeType);
        Assert.Contains("Parents' meeting", calendar.Caption);
        Assert.Contains("School parents", calendar.Caption);
        Assert.Contains("BEGIN:VCALENDAR", Encoding.UTF8.GetString(calendar.Content));

        // The legacy shape: payload under actionable_item, no message_type, no send_attempts.
        var legacy = (await store.GetAsync("3d604adc-40c3-43f4-aa50-2238f5eec649", Ct))!;
        Assert.Equal((DeliveryState.Holding, "bob", DeliveryContent.Document, 0), (legacy.State, legacy.UserId, legacy.MessageType, legacy.Attempts));
        Assert.Contains("Bring the permission slip", Assert.IsType<DocumentContent>(DeliveryContent.Decode(legacy.MessageType, legacy.Content)).Caption);

        // A digest that does not read as an action item keeps what the original stored; the sender fails it visibly.
        var unreadable = (await store.GetAsync("6a937d0f-73f6-46c7-9d83-556bc8bbf97c", Ct))!;
        Assert.Equal(("ics_actionable_item", "\"a digest whose content is not an action item\""), (unreadable.MessageType, unreadable.Content));

        // A text item whose content was not a string is sent as that content's JSON (the original sent str(content)).
        var odd = (await store.GetAsync("4e715bed-51d4-44a5-bb61-3349a6ffd75a", Ct))!;
        Assert.Equal(new DateTimeOffset(2025, 5, 1, 7, 0, 0, TimeSpan.Zero), odd.CreatedAt);
        Assert.Contains("not a string", Assert.IsType<TextContent>(DeliveryContent.Decode(odd.MessageType, odd.Content)).Text);

        var failed = (await store.GetAsync("5f826cfe-62e5-45b6-8c72-445ab7aae86b", Ct))!;
        Assert.Equal((DeliveryState.Failed, 3), (failed.State, failed.Attempts));
        Assert.NotNull(failed.FailedAt);
        Assert.Contains("3 attempt(s)", failed.LastError);

        var withoutId = (await store.GetAsync("original-6650f0a01c9d440000a1b206", Ct))!;
        Assert.Equal((DeliveryState.Failed, "alice", (string?)null), (withoutId.State, withoutId.UserId, withoutId.ProviderName));

        // Oldest first: the order the original created them in.
        var bobs = await store.ListAsync("bob", DeliveryState.Holding, 0, 10, Ct);
        Assert.Equal(["3d604adc-40c3-43f4-aa50-2238f5eec649", "4e715bed-51d4-44a5-bb61-3349a6ffd75a"], bobs.Select(item => item.Id));
    }

    [Fact]
    public async Task A_crash_between_the_copy_and_the_delete_leaves_no_duplicate()
    {
        await StartAsync(seed: true);
        var database = OriginalDatabase(_database.StorageSettings());
        var before = await TargetIdsAsync(database);
        // As if the last start stopped after storing the copy and before deleting the source document.
        var fixture = Fixture();
        await database.GetCollection<BsonDocument>("async_message_delivery_queue_failed")
            .InsertOneAsync(fixture["async_message_delivery_queue_failed"][0].AsBsonDocument, cancellationToken: Ct);

        await StartAsync(seed: false);

        Assert.Equal(0, await SourceCountAsync(database));
        Assert.Equal(before, await TargetIdsAsync(database));
    }

    [Fact]
    public async Task A_document_without_a_destination_user_stays_where_it_is()
    {
        var database = OriginalDatabase(_database.StorageSettings());
        await database.GetCollection<BsonDocument>("async_message_delivery_queue_active").InsertOneAsync(new BsonDocument
        {
            { "content", "to nobody" }, { "message_type", "text" },
            { "message_metadata", new BsonDocument { { "message_id", "orphan" }, { "send_attempts", 0 } } },
        }, cancellationToken: Ct);

        await StartAsync(seed: false);

        Assert.Equal(1, await SourceCountAsync(database));
        Assert.Equal(0, await TargetCountAsync(database));
    }

    private async Task<IDeliveryStore> StartAsync(bool seed)
    {
        var settings = _database.StorageSettings();
        if (seed)
        {
            await SeedAsync(OriginalDatabase(settings));
        }
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
        _services = StorageTestHost.Build(settings);
        await _services.InitializeStorageAsync(Ct);
        return _services.GetRequiredService<IDeliveryStore>();
    }

    private static BsonDocument Fixture() => BsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Storage", "Mongo", "Fixtures", "original-delivery-queue.json")));

    private static async Task SeedAsync(IMongoDatabase database)
    {
        var fixture = Fixture();
        foreach (var (collection, _) in OriginalDeliveryQueueImport.Sources)
        {
            var documents = fixture[collection].AsBsonArray.Select(document => document.AsBsonDocument);
            await database.GetCollection<BsonDocument>(collection).InsertManyAsync(documents, cancellationToken: Ct);
        }
    }

    private static IMongoDatabase OriginalDatabase(IReadOnlyDictionary<string, string?> settings) =>
        new MongoClient(settings["Storage:MongoDb:ConnectionString"]).GetDatabase(settings["Storage:MongoDb:Database"]);

    private static async Task<long> SourceCountAsync(IMongoDatabase database)
    {
        long count = 0;
        foreach (var (collection, _) in OriginalDeliveryQueueImport.Sources)
        {
            count += await database.GetCollection<BsonDocument>(collection).CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: Ct);
        }
        return count;
    }

    private static Task<long> TargetCountAsync(IMongoDatabase database) =>
        database.GetCollection<BsonDocument>(MongoCollections.DeliveryQueue).CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: Ct);

    private static async Task<List<string>> TargetIdsAsync(IMongoDatabase database) =>
        (await database.GetCollection<BsonDocument>(MongoCollections.DeliveryQueue).Find(FilterDefinition<BsonDocument>.Empty).ToListAsync(Ct))
            .Select(document => document["_id"].AsString).Order(StringComparer.Ordinal).ToList();
}
