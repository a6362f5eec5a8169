using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

// Documents in `audit_logs`, the original's shape plus the target:
// {_id: ObjectId, timestamp, event_type, user_id (the actor), target_user_id, ip_address, user_agent, details{}}.
// The Id is the ObjectId in hex. The driver makes ObjectIds from the time in seconds and a per-process
// counter, so within one process they increase with insertion (across processes, to the second) and
// `_id < before` pages to older events.
public sealed class MongoAuditLogStore(MongoDatabaseContext context) : IAuditLogStore
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    private static readonly JsonWriterSettings RelaxedJson = new() { OutputMode = JsonOutputMode.RelaxedExtendedJson };

    private readonly IMongoCollection<BsonDocument> _collection = context.Collection(MongoCollections.AuditLog);

    public async Task<string> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        var id = ObjectId.GenerateNewId();
        await _collection.InsertOneAsync(new BsonDocument
        {
            { "_id", id },
            { "timestamp", MongoInstant.From(auditEvent.Timestamp) },
            { "event_type", auditEvent.EventType },
            { "user_id", MongoText.FromNullable(auditEvent.ActorUserId) },
            { "target_user_id", MongoText.FromNullable(auditEvent.TargetUserId) },
            { "ip_address", MongoText.FromNullable(auditEvent.ClientIp) },
            { "user_agent", MongoText.FromNullable(auditEvent.UserAgent) },
            { "details", DetailsDocument(auditEvent.Details) },
        }, cancellationToken: cancellationToken);
        return id.ToString();
    }

    public async Task<IReadOnlyList<AuditEvent>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var limit = AuditPaging.Limit(query);

        var conditions = new List<FilterDefinition<BsonDocument>>();
        if (query.EventType is not null)
        {
            conditions.Add(Filter.Eq("event_type", query.EventType));
        }
        if (query.UserId is not null)
        {
            conditions.Add(Filter.Or(Filter.Eq("user_id", query.UserId), Filter.Eq("target_user_id", query.UserId)));
        }
        if (query.From is { } from)
        {
            conditions.Add(Filter.Gte("timestamp", MongoInstant.From(from)));
        }
        if (query.To is { } to)
        {
            conditions.Add(Filter.Lte("timestamp", MongoInstant.From(to)));
        }
        if (query.Before is { } before)
        {
            if (!ObjectId.TryParse(before, out var beforeId))
            {
                throw AuditPaging.InvalidBefore(before);
            }
            conditions.Add(Filter.Lt("_id", beforeId));
        }

        var filter = conditions.Count == 0 ? FilterDefinition<BsonDocument>.Empty : Filter.And(conditions);
        return await _collection.FindPageAsync(filter, Builders<BsonDocument>.Sort.Descending("_id"), limit, Read, cancellationToken);
    }

    // The TTL index on timestamp does the same on a real server, about once a minute.
    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var result = await _collection.DeleteManyAsync(Filter.Lt("timestamp", MongoInstant.From(cutoff)), cancellationToken);
        return (int)result.DeletedCount;
    }

    public async Task<bool> ReplaceDetailsAsync(
        string id, IReadOnlyDictionary<string, string> details, CancellationToken cancellationToken)
    {
        if (!ObjectId.TryParse(id, out var rowId))
        {
            return false;
        }
        var result = await _collection.UpdateOneAsync(
            Filter.Eq("_id", rowId), Builders<BsonDocument>.Update.Set("details", DetailsDocument(details)),
            cancellationToken: cancellationToken);
        return result.MatchedCount == 1;
    }

    // The document `keep` places below the newest is the last to go. Between counting and deleting, newer
    // documents may arrive: they lie above the cut, so the log may briefly hold a few more than `keep`.
    public async Task<AuditTrim> TrimAsync(int maxRows, int keep, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keep);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(keep, maxRows);
        var stored = await _collection.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: cancellationToken);
        var lastToGo = stored <= maxRows ? null : await _collection.Find(FilterDefinition<BsonDocument>.Empty)
            .Sort(Builders<BsonDocument>.Sort.Descending("_id"))
            .Skip(keep)
            .Limit(1)
            .Project(Builders<BsonDocument>.Projection.Include("_id"))
            .FirstOrDefaultAsync(cancellationToken);
        var deleted = lastToGo is null
            ? 0
            : (await _collection.DeleteManyAsync(Filter.Lte("_id", lastToGo["_id"]), cancellationToken)).DeletedCount;

        var oldest = await _collection.Find(FilterDefinition<BsonDocument>.Empty)
            .Sort(Builders<BsonDocument>.Sort.Ascending("_id"))
            .Limit(1)
            .FirstOrDefaultAsync(cancellationToken);
        return new AuditTrim((int)deleted, oldest is null ? null : MongoInstant.Read(oldest["timestamp"]));
    }

    private static BsonDocument DetailsDocument(IReadOnlyDictionary<string, string> details)
    {
        var document = new BsonDocument();
        foreach (var (name, value) in details)
        {
            document.Add(name, value);
        }
        return document;
    }

    private static AuditEvent Read(BsonDocument document) => new(
        MongoInstant.Read(document["timestamp"]),
        document["event_type"].AsString,
        MongoText.ReadNullable(document, "user_id"),
        MongoText.ReadNullable(document, "target_user_id"),
        MongoText.ReadNullable(document, "ip_address"),
        MongoText.ReadNullable(document, "user_agent"),
        ReadDetails(document.GetValue("details", BsonNull.Value)))
    {
        Id = document["_id"].ToString(),
    };

    // The original wrote some details as numbers or dates (failed_attempts: 10); they read as text.
    private static Dictionary<string, string> ReadDetails(BsonValue details)
    {
        var read = new Dictionary<string, string>(StringComparer.Ordinal);
        if (details is not BsonDocument document)
        {
            return read;
        }

        foreach (var element in document)
        {
            read[element.Name] = element.Value switch
            {
                BsonString text => text.Value,
                BsonDateTime date when date.IsValidDateTime =>
                    MongoInstant.Read(date).ToString("O", CultureInfo.InvariantCulture),
                var other => other.ToJson(RelaxedJson),
            };
        }
        return read;
    }
}
