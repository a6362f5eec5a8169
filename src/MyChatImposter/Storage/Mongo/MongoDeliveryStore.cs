using System.Text.Json.Nodes;
using MongoDB.Bson;
using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

// Documents in `async_message_delivery_queue`, one collection with a `state` field instead of the original's
// three (spec/03 §1-2), keeping the original item's fields and adding the queue's:
// {_id: message id, content (a string for text, an object otherwise), message_type,
//  message_metadata {message_id, message_destination {user_id, provider_name}, send_attempts}, created_at,
//  sequence, state, recipient, origin, next_attempt_at, sending_since, last_error, failed_at,
//  provider_message_id, sent_at, withdrawn_at}.
// Each change of one item is one conditional update of one document, which MongoDB applies atomically.
// Sequences come from a counter document in `async_message_delivery_queue_sequence`.
public sealed class MongoDeliveryStore(MongoDatabaseContext context) : IDeliveryStore
{
    private const string UserField = "message_metadata.message_destination.user_id";
    private const string AttemptsField = "message_metadata.send_attempts";

    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<BsonDocument> Update = Builders<BsonDocument>.Update;

    private readonly IMongoCollection<BsonDocument> _items = context.Collection(MongoCollections.DeliveryQueue);
    private readonly MongoSequence _sequence = new(context.Collection(MongoCollections.DeliverySequence), "sequence");

    public async Task<DeliveryItem> AddAsync(DeliveryItem item, CancellationToken cancellationToken)
    {
        var stored = item with { Sequence = await _sequence.NextAsync(cancellationToken) };
        await _items.InsertOneAsync(ToDocument(stored), cancellationToken: cancellationToken);
        return stored;
    }

    public Task<DeliveryItem?> GetAsync(string id, CancellationToken cancellationToken) =>
        _items.FindOneAsync(Filter.Eq("_id", id), Read, cancellationToken);

    public async Task<IReadOnlyList<DeliveryItem>> ListAsync(
        string userId, DeliveryState state, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        DeliveryStates.CheckLimit(limit);
        return await _items.FindPageAfterAsync(ByUserAndState(userId, state), "sequence", afterSequence, limit, Read, cancellationToken);
    }

    public Task<long> CountAsync(string userId, DeliveryState state, CancellationToken cancellationToken) =>
        _items.CountDocumentsAsync(ByUserAndState(userId, state), cancellationToken: cancellationToken);

    public async Task<IReadOnlyDictionary<DeliveryState, long>> CountByStateAsync(CancellationToken cancellationToken)
    {
        var groups = await _items.Aggregate()
            .Group(new BsonDocument { { "_id", "$state" }, { "count", new BsonDocument("$sum", 1) } })
            .ToListAsync(cancellationToken);
        return groups.ToDictionary(group => EnumNames<DeliveryState>.Parse(group["_id"].AsString), group => group["count"].ToInt64());
    }

    // Two groupings by one field each (waiting, then failed) rather than one by a compound key, which the test
    // stand-in does not group by.
    public async Task<IReadOnlyList<UserQueueDepth>> CountWaitingByUserAsync(CancellationToken cancellationToken)
    {
        var waiting = await CountPerUserAsync([DeliveryState.Active, DeliveryState.Holding], cancellationToken);
        var failed = await CountPerUserAsync([DeliveryState.Failed], cancellationToken);
        return [.. waiting.Keys.Union(failed.Keys)
            .Select(userId => new UserQueueDepth(userId, waiting.GetValueOrDefault(userId), failed.GetValueOrDefault(userId)))];
    }

    private async Task<Dictionary<string, long>> CountPerUserAsync(DeliveryState[] states, CancellationToken cancellationToken)
    {
        var groups = await _items.Aggregate()
            .Match(Builders<BsonDocument>.Filter.In("state", states.Select(EnumNames<DeliveryState>.Name)))
            .Group(new BsonDocument { { "_id", "$" + UserField }, { "count", new BsonDocument("$sum", 1) } })
            .ToListAsync(cancellationToken);
        return groups.ToDictionary(group => group["_id"].AsString, group => group["count"].ToInt64(), StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<DeliveryItem>> ActiveHeadsAsync(string userId, CancellationToken cancellationToken)
    {
        var groups = await _items.Aggregate()
            .Match(ByUserAndState(userId, DeliveryState.Active))
            .Sort(Builders<BsonDocument>.Sort.Ascending("sequence"))
            .Group(new BsonDocument { { "_id", "$recipient" }, { "head", new BsonDocument("$first", "$$ROOT") } })
            .ToListAsync(cancellationToken);
        return groups.Select(group => Read(group["head"].AsBsonDocument)).OrderBy(item => item.Sequence).ToList();
    }

    public async Task<long> MoveAsync(string? userId, DeliveryState from, DeliveryState to, CancellationToken cancellationToken)
    {
        CheckMovable(from, to);
        var filter = userId is null ? ByState(from) : ByUserAndState(userId, from);
        var result = await _items.UpdateManyAsync(filter, Update.Set("state", EnumNames<DeliveryState>.Name(to)), cancellationToken: cancellationToken);
        return result.ModifiedCount;
    }

    public Task<bool> ClaimAsync(string id, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateOneAsync(ById(id, DeliveryState.Active),
            Update.Inc(AttemptsField, 1).Set("sending_since", MongoInstant.From(now)), cancellationToken);

    public Task<bool> CompleteAsync(string id, string providerMessageId, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        UpdateOneAsync(ById(id, DeliveryState.Active, DeliveryState.Holding),
            Update.Set("state", EnumNames<DeliveryState>.Name(DeliveryState.Sent))
                .Set("provider_message_id", providerMessageId)
                .Set("sent_at", MongoInstant.From(sentAt))
                .Set("sending_since", BsonNull.Value)
                .Set("next_attempt_at", BsonNull.Value),
            cancellationToken);

    public async Task<bool> ReleaseAsync(
        string id, DateTimeOffset? nextAttemptAt, string? lastError, bool refundAttempt, CancellationToken cancellationToken)
    {
        var release = Update.Set("sending_since", BsonNull.Value).Set("next_attempt_at", MongoInstant.FromNullable(nextAttemptAt));
        if (lastError is not null)
        {
            release = release.Set("last_error", lastError);
        }
        var filter = ById(id, DeliveryState.Active, DeliveryState.Holding);
        // Never below zero: only an attempt that was counted is taken back.
        return refundAttempt && await UpdateOneAsync(Filter.And(filter, Filter.Gt(AttemptsField, 0)), release.Inc(AttemptsField, -1), cancellationToken)
            || await UpdateOneAsync(filter, release, cancellationToken);
    }

    public Task<bool> FailAsync(string id, string lastError, DateTimeOffset failedAt, CancellationToken cancellationToken) =>
        UpdateOneAsync(ById(id, DeliveryState.Active, DeliveryState.Holding),
            Update.Set("state", EnumNames<DeliveryState>.Name(DeliveryState.Failed))
                .Set("sending_since", BsonNull.Value)
                .Set("next_attempt_at", BsonNull.Value)
                .Set("last_error", lastError)
                .Set("failed_at", MongoInstant.From(failedAt)),
            cancellationToken);

    public Task<bool> RetryAsync(string id, DeliveryState to, CancellationToken cancellationToken)
    {
        CheckMovable(DeliveryState.Failed, to);
        return UpdateOneAsync(ById(id, DeliveryState.Failed), Retry(to), cancellationToken);
    }

    public async Task<long> RetryAllAsync(string userId, DeliveryState to, CancellationToken cancellationToken)
    {
        CheckMovable(DeliveryState.Failed, to);
        var result = await _items.UpdateManyAsync(ByUserAndState(userId, DeliveryState.Failed), Retry(to), cancellationToken: cancellationToken);
        return result.ModifiedCount;
    }

    // The last error stays: it tells why the item needed a retry.
    private static UpdateDefinition<BsonDocument> Retry(DeliveryState to) =>
        Update.Set("state", EnumNames<DeliveryState>.Name(to))
            .Set(AttemptsField, 0)
            .Set("next_attempt_at", BsonNull.Value)
            .Set("sending_since", BsonNull.Value)
            .Set("failed_at", BsonNull.Value);

    public async Task<bool> DeleteAsync(string id, DeliveryState state, CancellationToken cancellationToken)
    {
        var result = await _items.DeleteOneAsync(ById(id, state), cancellationToken);
        return result.DeletedCount == 1;
    }

    public async Task<long> DeleteForUserAsync(string userId, CancellationToken cancellationToken)
    {
        var result = await _items.DeleteManyAsync(Filter.Eq(UserField, userId), cancellationToken);
        return result.DeletedCount;
    }

    public async Task<IReadOnlyList<SentRecord>> SentSinceAsync(string userId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var documents = await _items.Find(Filter.And(ByUserAndState(userId, DeliveryState.Sent), Filter.Gte("sent_at", MongoInstant.From(since))))
            .Sort(Builders<BsonDocument>.Sort.Ascending("sent_at"))
            .Project(Builders<BsonDocument>.Projection.Include("recipient").Include("sent_at"))
            .ToListAsync(cancellationToken);
        return documents.Select(document => new SentRecord(document["recipient"].AsString, MongoInstant.Read(document["sent_at"]))).ToList();
    }

    public async Task<long> DeleteSentBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var result = await _items.DeleteManyAsync(
            Filter.Or(
                Filter.And(ByState(DeliveryState.Sent), Filter.Lt("sent_at", MongoInstant.From(before))),
                Filter.And(ByState(DeliveryState.Withdrawn), Filter.Lt("withdrawn_at", MongoInstant.From(before)))),
            cancellationToken);
        return result.DeletedCount;
    }

    // Each item by its own conditional write (MongoConditionalUpdates): one a sender claims in between stays its.
    public async Task<IReadOnlyList<DeliveryItem>> WithdrawAsync(
        string userId, string recipient, string origin, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var withdrawable = Filter.And(
            Filter.Eq(UserField, userId), Filter.Eq("recipient", recipient), Filter.Eq("origin", origin),
            Filter.In("state", new[] { DeliveryState.Active, DeliveryState.Holding }.Select(EnumNames<DeliveryState>.Name)),
            Filter.Eq("sending_since", BsonNull.Value));
        var withdrawn = await MongoConditionalUpdates.UpdateEachAsync(_items, withdrawable,
            Update.Set("state", EnumNames<DeliveryState>.Name(DeliveryState.Withdrawn)).Set("withdrawn_at", MongoInstant.From(at)),
            Builders<BsonDocument>.Sort.Ascending("sequence"), cancellationToken);
        return withdrawn.Select(Read).ToList();
    }

    private async Task<bool> UpdateOneAsync(FilterDefinition<BsonDocument> filter, UpdateDefinition<BsonDocument> update, CancellationToken cancellationToken)
    {
        var result = await _items.UpdateOneAsync(filter, update, cancellationToken: cancellationToken);
        return result.MatchedCount == 1;
    }

    // Only the moves the queue makes; sent and withdrawn are final and failed is left only by a retry.
    private static void CheckMovable(DeliveryState from, DeliveryState to)
    {
        if (from is DeliveryState.Sent or DeliveryState.Withdrawn || to is DeliveryState.Sent or DeliveryState.Failed or DeliveryState.Withdrawn
            || from == to)
        {
            throw new ArgumentException($"Items are not moved from {from} to {to}.");
        }
    }

    private static FilterDefinition<BsonDocument> ByState(DeliveryState state) => Filter.Eq("state", EnumNames<DeliveryState>.Name(state));

    private static FilterDefinition<BsonDocument> ByUserAndState(string userId, DeliveryState state) =>
        Filter.And(Filter.Eq(UserField, userId), ByState(state));

    private static FilterDefinition<BsonDocument> ById(string id, params DeliveryState[] states) =>
        Filter.And(Filter.Eq("_id", id), Filter.In("state", states.Select(EnumNames<DeliveryState>.Name)));

    private static BsonDocument ToDocument(DeliveryItem item) => new()
    {
        { "_id", item.Id },
        { "content", ContentToBson(item.Content) },
        { "message_type", item.MessageType },
        {
            "message_metadata", new BsonDocument
            {
                { "message_id", item.Id },
                { "message_destination", new BsonDocument { { "user_id", item.UserId }, { "provider_name", MongoText.FromNullable(item.ProviderName) } } },
                { "send_attempts", item.Attempts },
            }
        },
        { "created_at", MongoInstant.From(item.CreatedAt) },
        { "sequence", item.Sequence },
        { "state", EnumNames<DeliveryState>.Name(item.State) },
        { "recipient", item.Recipient },
        { "origin", item.Origin },
        { "next_attempt_at", MongoInstant.FromNullable(item.NextAttemptAt) },
        { "sending_since", MongoInstant.FromNullable(item.SendingSince) },
        { "last_error", MongoText.FromNullable(item.LastError) },
        { "failed_at", MongoInstant.FromNullable(item.FailedAt) },
        { "provider_message_id", MongoText.FromNullable(item.ProviderMessageId) },
        { "sent_at", MongoInstant.FromNullable(item.SentAt) },
        { "withdrawn_at", MongoInstant.FromNullable(item.WithdrawnAt) },
    };

    private static DeliveryItem Read(BsonDocument document)
    {
        var metadata = document["message_metadata"].AsBsonDocument;
        var destination = metadata["message_destination"].AsBsonDocument;
        return new DeliveryItem(
            document["_id"].AsString, destination["user_id"].AsString, MongoText.ReadNullable(destination, "provider_name"),
            document["recipient"].AsString, document["origin"].AsString, document["message_type"].AsString,
            ContentToJson(document["content"]), EnumNames<DeliveryState>.Parse(document["state"].AsString), metadata["send_attempts"].ToInt32(),
            MongoInstant.Read(document["created_at"]))
        {
            Sequence = document["sequence"].ToInt64(),
            NextAttemptAt = MongoInstant.ReadNullable(document.GetValue("next_attempt_at", BsonNull.Value)),
            SendingSince = MongoInstant.ReadNullable(document.GetValue("sending_since", BsonNull.Value)),
            LastError = MongoText.ReadNullable(document, "last_error"),
            FailedAt = MongoInstant.ReadNullable(document.GetValue("failed_at", BsonNull.Value)),
            ProviderMessageId = MongoText.ReadNullable(document, "provider_message_id"),
            SentAt = MongoInstant.ReadNullable(document.GetValue("sent_at", BsonNull.Value)),
            WithdrawnAt = MongoInstant.ReadNullable(document.GetValue("withdrawn_at", BsonNull.Value)),
        };
    }

    // The JSON content as a BSON value (a string stays a string, as in the original's text items), and back.
    private static BsonValue ContentToBson(string json) => BsonDocument.Parse($$"""{"v":{{json}}}""")["v"];

    internal static string ContentToJson(BsonValue content) =>
        JsonNode.Parse(new BsonDocument("v", content).ToJson())!["v"]?.ToJsonString() ?? "null";
}
