using MongoDB.Bson;
using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

// Documents in the original's collections (spec/12), with the fields this version adds:
// `tracked_group_periods` {_id: ObjectId, user_id, tracked_group_unique_identifier, periodStart (ms, exclusive),
//  periodEnd (ms, inclusive), messageCount, createdAt (date), display_name, status, item_count, attempts,
//  last_error, updated_at (date)}; the original's `messages` array is not written: a period's messages are read
//  from the archive by its window.
// `group_tracking_state` {_id: ObjectId, user_id, group_id, last_run_ts (ms, the last processed period's end)}.
// The original's documents read as they are: a period without a status is delivered (or empty when it had no
// messages), with no items or attempts recorded.
public sealed class MongoTrackedPeriodStore(MongoDatabaseContext context) : ITrackedPeriodStore
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    private readonly IMongoCollection<BsonDocument> _periods = context.Collection(MongoCollections.TrackedGroupPeriods);
    private readonly IMongoCollection<BsonDocument> _state = context.Collection(MongoCollections.GroupTrackingState);

    public async Task<TrackedPeriod> UpsertAsync(TrackedPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var key = Filter.And(
            Filter.Eq("user_id", period.UserId),
            Filter.Eq("tracked_group_unique_identifier", period.GroupId),
            Filter.Eq("periodEnd", period.PeriodEnd.ToUnixTimeMilliseconds()));
        var update = Builders<BsonDocument>.Update
            .SetOnInsert("user_id", period.UserId)
            .SetOnInsert("tracked_group_unique_identifier", period.GroupId)
            .SetOnInsert("periodEnd", period.PeriodEnd.ToUnixTimeMilliseconds())
            .SetOnInsert("createdAt", MongoInstant.From(period.CreatedAt))
            .Set("periodStart", period.PeriodStart.ToUnixTimeMilliseconds())
            .Set("messageCount", period.MessageCount)
            .Set("display_name", period.DisplayName)
            .Set("status", EnumNames<PeriodStatus>.Name(period.Status))
            .Set("item_count", period.ItemCount)
            .Set("attempts", period.Attempts)
            .Set("last_error", MongoText.FromNullable(period.LastError))
            .Set("updated_at", MongoInstant.From(period.UpdatedAt));
        try
        {
            await _periods.UpdateOneAsync(key, update, new UpdateOptions { IsUpsert = true }, cancellationToken);
        }
        catch (MongoException ex) when (MongoErrors.IsDuplicateKey(ex))
        {
            // A concurrent upsert inserted it first (the unique index refused the second insert): now it
            // exists, so the same update applies to it.
            await _periods.UpdateOneAsync(key, update, cancellationToken: cancellationToken);
        }
        return Read(await _periods.Find(key).FirstAsync(cancellationToken));
    }

    public async Task<IReadOnlyList<TrackedPeriod>> ListAsync(
        string userId, string? groupId, int limit, CancellationToken cancellationToken)
    {
        PipelinePaging.CheckPeriodLimit(limit);
        return await _periods.FindPageAsync(
            ByGroup("tracked_group_unique_identifier", userId, groupId),
            Builders<BsonDocument>.Sort.Descending("periodEnd").Descending("_id"), limit, Read, cancellationToken);
    }

    public Task<long> CountAsync(string userId, CancellationToken cancellationToken) =>
        _periods.CountOfUserAsync(userId, cancellationToken);

    // Two collections, no transaction (a stand-alone server has none): the periods go first, so a failure in
    // between leaves a state without history, which the next delete removes, rather than the reverse.
    public async Task<long> DeleteAsync(string userId, string? groupId, CancellationToken cancellationToken)
    {
        var periods = await _periods.DeleteManyAsync(ByGroup("tracked_group_unique_identifier", userId, groupId), cancellationToken);
        await _state.DeleteManyAsync(ByGroup("group_id", userId, groupId), cancellationToken);
        return periods.DeletedCount;
    }

    public async Task<DateTimeOffset?> LastProcessedEndAsync(string userId, string groupId, CancellationToken cancellationToken)
    {
        var state = await _state.Find(ByGroup("group_id", userId, groupId)).FirstOrDefaultAsync(cancellationToken);
        return state is null ? null : ReadInstant(state.GetValue("last_run_ts", BsonNull.Value));
    }

    // Atomic on the server: the update applies only while the stored end is earlier. When there is no document
    // yet the upsert inserts one; when there is one with a later (or the same) end, the upsert's insert is
    // refused by the unique index, and the plain conditional update settles it: a concurrent inserter won,
    // and its end is kept unless this one is later.
    public async Task AdvanceAsync(string userId, string groupId, DateTimeOffset periodEnd, CancellationToken cancellationToken)
    {
        var end = periodEnd.ToUnixTimeMilliseconds();
        var earlier = Filter.And(ByGroup("group_id", userId, groupId), Filter.Lt("last_run_ts", end));
        var update = Builders<BsonDocument>.Update
            .SetOnInsert("user_id", userId)
            .SetOnInsert("group_id", groupId)
            .Set("last_run_ts", end);
        try
        {
            await _state.UpdateOneAsync(earlier, update, new UpdateOptions { IsUpsert = true }, cancellationToken);
        }
        catch (MongoException ex) when (MongoErrors.IsDuplicateKey(ex))
        {
            await _state.UpdateOneAsync(earlier, update, cancellationToken: cancellationToken);
        }
    }

    private static FilterDefinition<BsonDocument> ByGroup(string groupField, string userId, string? groupId) =>
        groupId is null
            ? Filter.Eq("user_id", userId)
            : Filter.And(Filter.Eq("user_id", userId), Filter.Eq(groupField, groupId));

    private static TrackedPeriod Read(BsonDocument document)
    {
        var messageCount = document.GetValue("messageCount", 0).ToInt32();
        var createdAt = ReadInstant(document.GetValue("createdAt", BsonNull.Value)) ?? DateTimeOffset.UnixEpoch;
        return new TrackedPeriod(
            document["user_id"].AsString,
            MongoText.ReadNullable(document, "tracked_group_unique_identifier") ?? "",
            MongoText.ReadNullable(document, "display_name") ?? "",
            ReadInstant(document.GetValue("periodStart", BsonNull.Value)) ?? DateTimeOffset.UnixEpoch,
            ReadInstant(document.GetValue("periodEnd", BsonNull.Value)) ?? DateTimeOffset.UnixEpoch,
            // The original wrote no status: a period it stored was done.
            EnumNames<PeriodStatus>.TryParse(MongoText.ReadNullable(document, "status"), out var status)
                ? status
                : messageCount == 0 ? PeriodStatus.Empty : PeriodStatus.Delivered,
            messageCount,
            document.GetValue("item_count", 0).ToInt32(),
            document.GetValue("attempts", 0).ToInt32(),
            MongoText.ReadNullable(document, "last_error"),
            createdAt,
            ReadInstant(document.GetValue("updated_at", BsonNull.Value)) ?? createdAt,
            document["_id"].ToString()!);
    }

    // Milliseconds since the epoch (any BSON number, as the original wrote them) or a date.
    private static DateTimeOffset? ReadInstant(BsonValue value) => value switch
    {
        { IsNumeric: true } => DateTimeOffset.FromUnixTimeMilliseconds(value.ToInt64()),
        { IsValidDateTime: true } => MongoInstant.Read(value),
        _ => null,
    };
}
