using MongoDB.Bson;
using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

// Documents in `bot_activity_hours`: {_id: "<user_id>/<hour>", user_id, hour (date), received, sent,
// delivery_failures, llm_calls, llm_errors, llm_latency_ms_total, llm_latency {le_250ms, …, over_30s},
// queue_peak, failed_peak}. Adding is an upsert per hour ($inc for the counters), then a conditional $set per peak.
public sealed class MongoBotActivityStore(MongoDatabaseContext context) : IBotActivityStore
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    private readonly IMongoCollection<BsonDocument> _hours = context.Collection(MongoCollections.BotActivityHours);

    public async Task AddAsync(IReadOnlyCollection<BotActivityHour> hours, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hours);
        if (hours.Count == 0)
        {
            return;
        }
        var writes = new List<WriteModel<BsonDocument>>();
        foreach (var hour in hours)
        {
            var id = Id(hour.UserId, hour.Hour);
            writes.Add(new UpdateOneModel<BsonDocument>(Filter.Eq("_id", id), Update(hour)) { IsUpsert = true });
            // A peak is raised by a conditional $set rather than $max, which the test stand-in lacks; each is
            // atomic on its own, so concurrent adds still keep the highest.
            foreach (var (field, value) in new[] { ("queue_peak", hour.Counts.QueuePeak), ("failed_peak", hour.Counts.FailedPeak) })
            {
                if (value > 0)
                {
                    writes.Add(new UpdateOneModel<BsonDocument>(
                        Filter.Eq("_id", id) & Filter.Lt(field, value), Builders<BsonDocument>.Update.Set(field, value)));
                }
            }
        }
        // Ordered: each hour's upsert creates its document before its peaks are compared with it.
        await _hours.BulkWriteAsync(writes, new BulkWriteOptions { IsOrdered = true }, cancellationToken);
    }

    public async Task<IReadOnlyList<BotActivityHour>> ListAsync(
        string userId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var filter = Filter.Eq("user_id", userId) & Filter.Gte("hour", MongoInstant.From(from)) & Filter.Lt("hour", MongoInstant.From(to));
        var documents = await _hours.Find(filter).Sort(Builders<BsonDocument>.Sort.Ascending("hour")).ToListAsync(cancellationToken);
        return [.. documents.Select(Read)];
    }

    public async Task<long> DeleteOlderThanAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        (await _hours.DeleteManyAsync(Filter.Lt("hour", MongoInstant.From(before)), cancellationToken)).DeletedCount;

    public Task<long> CountForUserAsync(string userId, CancellationToken cancellationToken) =>
        _hours.CountDocumentsAsync(Filter.Eq("user_id", userId), cancellationToken: cancellationToken);

    public async Task<long> DeleteForUserAsync(string userId, CancellationToken cancellationToken) =>
        (await _hours.DeleteManyAsync(Filter.Eq("user_id", userId), cancellationToken)).DeletedCount;

    private static string Id(string userId, DateTimeOffset hour) =>
        $"{userId}/{BotActivityHour.HourOf(hour).ToString("yyyy-MM-dd'T'HH'Z'", CultureInfo.InvariantCulture)}";

    private static UpdateDefinition<BsonDocument> Update(BotActivityHour hour)
    {
        var counts = hour.Counts;
        var update = Builders<BsonDocument>.Update
            .SetOnInsert("user_id", hour.UserId)
            .SetOnInsert("hour", MongoInstant.From(BotActivityHour.HourOf(hour.Hour)))
            .Inc("received", counts.Received)
            .Inc("sent", counts.Sent)
            .Inc("delivery_failures", counts.DeliveryFailures)
            .Inc("llm_calls", counts.LlmCalls)
            .Inc("llm_errors", counts.LlmErrors)
            .Inc("llm_latency_ms_total", counts.LlmLatencyMsTotal)
            .SetOnInsert("queue_peak", 0L)
            .SetOnInsert("failed_peak", 0L);
        foreach (var (name, count) in LatencyHistogram.BucketNames.Zip(counts.LlmLatency.Counts))
        {
            update = update.Inc("llm_latency." + name, count);
        }
        return update;
    }

    private static BotActivityHour Read(BsonDocument document)
    {
        var latency = document.GetValue("llm_latency", new BsonDocument()).AsBsonDocument;
        return new BotActivityHour(document["user_id"].AsString, MongoInstant.Read(document["hour"]), new ActivityCounts
        {
            Received = Number(document, "received"),
            Sent = Number(document, "sent"),
            DeliveryFailures = Number(document, "delivery_failures"),
            LlmCalls = Number(document, "llm_calls"),
            LlmErrors = Number(document, "llm_errors"),
            LlmLatencyMsTotal = Number(document, "llm_latency_ms_total"),
            LlmLatency = LatencyHistogram.Of([.. LatencyHistogram.BucketNames.Select(name => Number(latency, name))]),
            QueuePeak = Number(document, "queue_peak"),
            FailedPeak = Number(document, "failed_peak"),
        });
    }

    private static long Number(BsonDocument document, string name) => document.GetValue(name, 0L).ToInt64();
}
