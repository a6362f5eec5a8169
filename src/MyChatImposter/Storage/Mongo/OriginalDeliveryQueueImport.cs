using MongoDB.Bson;
using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

// Moves what the original left in its three delivery-queue collections (spec/03 §2, spec/12) into the current
// queue, once, at start, before any sender runs. Each document becomes one item in the matching state
// (active, holding, failed), with the original's message id as the item id, so a crash between the copy and
// the delete (or a second start) finds the copy in place and only deletes the source: no duplicate, nothing
// lost. A source document is deleted only after its copy is stored. A document without a destination user
// cannot be delivered to anyone; it stays where it is and is counted in the log.
//
// `text` items are sent as before. The original's digests (`ics_actionable_item`: an action item, rendered at
// send time) become what this build queues for a digest: the calendar document with the card as caption, made
// by the group tracker's own DigestCalendar and DigestCard in the user's zone and language. A digest whose
// content does not read as an action item keeps the original's type and content; the sender then fails it
// visibly, and the owner sees it among the failed items instead of losing it.
public sealed partial class OriginalDeliveryQueueImport(
    MongoDatabaseContext context, IDeliveryStore store, IBotConfigurationStore configurations, TimeProvider time,
    ILogger<OriginalDeliveryQueueImport> logger)
{
    public const string Origin = "original_queue";
    private const string OriginalDigest = "ics_actionable_item";

    // The original's collections and the state each one meant; `holding` was called `unconnected` in its API.
    public static IReadOnlyList<(string Collection, DeliveryState State)> Sources { get; } =
    [
        ("async_message_delivery_queue_active", DeliveryState.Active),
        ("async_message_delivery_queue_holding", DeliveryState.Holding),
        ("async_message_delivery_queue_failed", DeliveryState.Failed),
    ];

    public async Task<ImportCount> RunAsync(CancellationToken cancellationToken)
    {
        // All three at once, oldest first, so the items keep the order they were created in (the queue
        // delivers a user's items to one recipient first in, first out). The original's queues are small:
        // at most a few digests per tracked group and run.
        var pending = new List<(IMongoCollection<BsonDocument> Source, DeliveryState State, BsonDocument Document)>();
        foreach (var (name, state) in Sources)
        {
            var source = context.Collection(name);
            foreach (var document in await source.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync(cancellationToken))
            {
                pending.Add((source, state, document));
            }
        }
        if (pending.Count == 0)
        {
            return new ImportCount(0, 0, 0);
        }

        int imported = 0, alreadyThere = 0, leftInPlace = 0;
        foreach (var (source, state, document) in pending.OrderBy(entry => CreatedAt(entry.Document) ?? DateTimeOffset.MaxValue))
        {
            if (await ToItemAsync(document, state, cancellationToken) is not { } item)
            {
                leftInPlace++;
                continue;
            }
            if (await StoreAsync(item, cancellationToken))
            {
                imported++;
            }
            else
            {
                alreadyThere++;
            }
            await source.DeleteOneAsync(Builders<BsonDocument>.Filter.Eq("_id", document["_id"]), cancellationToken);
        }
        LogImported(logger, imported, alreadyThere, leftInPlace);
        return new ImportCount(imported, alreadyThere, leftInPlace);
    }

    // False when the item was stored by an earlier run that stopped before deleting its source.
    private async Task<bool> StoreAsync(DeliveryItem item, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(item.Id, cancellationToken) is not null)
        {
            return false;
        }
        try
        {
            await store.AddAsync(item, cancellationToken);
            return true;
        }
        catch (MongoException ex) when (MongoErrors.IsDuplicateKey(ex))
        {
            return false;
        }
    }

    private async Task<DeliveryItem?> ToItemAsync(BsonDocument document, DeliveryState state, CancellationToken cancellationToken)
    {
        var metadata = document.GetValue("message_metadata", BsonNull.Value) as BsonDocument;
        var destination = metadata?.GetValue("message_destination", BsonNull.Value) as BsonDocument;
        if (destination?.GetValue("user_id", BsonNull.Value) is not BsonString { Value.Length: > 0 } userId)
        {
            return null;
        }
        var id = metadata!.GetValue("message_id", BsonNull.Value) is BsonString { Value.Length: > 0 } messageId
            ? messageId.Value
            : $"original-{document["_id"]}";
        var provider = destination.GetValue("provider_name", BsonNull.Value) is BsonString name ? name.Value : null;
        var attempts = metadata.GetValue("send_attempts", 0) is { IsNumeric: true } count ? count.ToInt32() : 0;
        // A missing type meant a digest (spec/03 §1); older digests kept their payload in `actionable_item`.
        var messageType = document.GetValue("message_type", BsonNull.Value) is BsonString named ? named.Value : OriginalDigest;
        var content = document.GetValue("content", BsonNull.Value) is { IsBsonNull: false } body
            ? body
            : document.GetValue("actionable_item", BsonNull.Value);
        var now = time.GetUtcNow();
        var createdAt = CreatedAt(document) ?? now;
        var (type, json) = messageType == OriginalDigest
            ? await DigestAsync(userId.Value, content, createdAt, cancellationToken)
            : (messageType, ContentJson(messageType, content));

        return new DeliveryItem(id, userId.Value, provider, OutboundMessage.SelfRecipient, Origin, type, json, state, attempts, createdAt)
        {
            FailedAt = state == DeliveryState.Failed ? now : null,
            LastError = state == DeliveryState.Failed ? $"Failed in the original after {attempts} attempt(s)." : null,
        };
    }

    private async Task<(string MessageType, string Json)> DigestAsync(
        string userId, BsonValue content, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        var original = MongoDeliveryStore.ContentToJson(content);
        ActionItem? item;
        try
        {
            item = content.IsBsonDocument ? JsonSerializer.Deserialize<ActionItem>(original) : null;
        }
        catch (JsonException)
        {
            item = null;
        }
        if (item is null)
        {
            return (OriginalDigest, original);
        }
        var details = (await configurations.GetAsync(userId, cancellationToken))?.Configurations.UserDetails;
        // The original's runner wrote the group's name into the item; its id was not kept.
        var group = item.Extra?.GetValueOrDefault("group_display_name") is { ValueKind: JsonValueKind.String } name ? name.GetString() : null;
        var calendar = DigestCalendar.Build(item,
            new DigestCalendarContext(userId, group ?? Origin, group, createdAt, details?.Timezone, details?.LanguageCode), time.GetUtcNow());
        return DeliveryContent.Encode(new DocumentContent(
            calendar.Content, calendar.FileName, calendar.MediaType, DigestCard.Caption(item, group, details?.LanguageCode)));
    }

    // The original sent str(content) for text; a text item whose content is not a string keeps its JSON as the text.
    private static string ContentJson(string messageType, BsonValue content) =>
        messageType == DeliveryContent.Text && !content.IsString
            ? JsonSerializer.Serialize(MongoDeliveryStore.ContentToJson(content))
            : MongoDeliveryStore.ContentToJson(content);

    // The original wrote naive UTC dates; a document without one was made when its ObjectId was.
    private static DateTimeOffset? CreatedAt(BsonDocument document) =>
        document.GetValue("created_at", BsonNull.Value) switch
        {
            BsonDateTime date => MongoInstant.Read(date),
            BsonString text when DateTimeOffset.TryParse(text.Value, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var parsed) => parsed.ToUniversalTime(),
            _ => document.GetValue("_id", BsonNull.Value) is BsonObjectId objectId
                ? new DateTimeOffset(objectId.Value.CreationTime, TimeSpan.Zero)
                : null,
        };

    [LoggerMessage(EventId = 1040, Level = LogLevel.Information,
        Message = "Moved {Imported} item(s) from the original's delivery-queue collections into the current queue " +
            "({AlreadyThere} already copied by an earlier start; {LeftInPlace} without a destination user left in place)")]
    private static partial void LogImported(ILogger logger, int imported, int alreadyThere, int leftInPlace);
}

public sealed record ImportCount(int Imported, int AlreadyThere, int LeftInPlace);
