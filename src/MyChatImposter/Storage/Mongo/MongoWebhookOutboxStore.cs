using MongoDB.Bson;
using MongoDB.Driver;
using MyChatImposter.Webhooks;

namespace MyChatImposter.Storage.Mongo;

// Documents in `webhook_outbox`: {_id: delivery id, event_id, subscription_id, user_id, event_type, payload (the
// data object's JSON text, so it comes back byte for byte), created_at, state, attempts, next_attempt_at,
// last_status, last_error, delivered_at}.
public sealed class MongoWebhookOutboxStore(MongoDatabaseContext context)
    : MongoUserRecords(context.Collection(MongoCollections.WebhookOutbox)), IWebhookOutboxStore
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;
    private static readonly FilterDefinition<BsonDocument> Pending = Filter.Eq("state", "pending");

    // Without a transaction (the stand-in and a single server have none): an event's rows are independent
    // deliveries, so a failure part-way leaves some stored, each complete.
    public async Task AddAsync(IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        if (deliveries.Count == 0)
        {
            return;
        }
        await Documents.InsertManyAsync(deliveries.Select(row => new BsonDocument
        {
            { "_id", row.Id },
            { "event_id", row.EventId },
            { "subscription_id", row.SubscriptionId },
            { "user_id", row.UserId },
            { "event_type", row.EventType },
            { "payload", row.Payload },
            { "created_at", MongoInstant.From(row.CreatedAt) },
            { "state", EnumNames<WebhookDeliveryState>.Name(row.State) },
            { "attempts", row.Attempts },
            { "next_attempt_at", MongoInstant.FromNullable(row.NextAttemptAt) },
            { "last_status", row.LastStatusCode is { } status ? new BsonInt32(status) : (BsonValue)BsonNull.Value },
            { "last_error", MongoText.FromNullable(row.LastError) },
            { "delivered_at", MongoInstant.FromNullable(row.DeliveredAt) },
        }), cancellationToken: cancellationToken);
    }

    public Task<WebhookDelivery?> GetAsync(string userId, string id, CancellationToken cancellationToken) =>
        Documents.FindOneAsync(ById(userId, id), Read, cancellationToken);

    public async Task<IReadOnlyList<WebhookDelivery>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        PageLimit.Check(limit, WebhookDeliveryStates.MaxPage);
        return await Documents.FindPageAsync(Filter.And(Pending, Filter.Lte("next_attempt_at", MongoInstant.From(now))),
            Builders<BsonDocument>.Sort.Ascending("next_attempt_at").Ascending("_id"), limit, Read, cancellationToken);
    }

    public async Task<DateTimeOffset?> NextDueAtAsync(CancellationToken cancellationToken)
    {
        var first = await Documents.Find(Pending).Sort(Builders<BsonDocument>.Sort.Ascending("next_attempt_at")).Limit(1)
            .FirstOrDefaultAsync(cancellationToken);
        return first is null ? null : MongoInstant.ReadNullable(first.GetValue("next_attempt_at", BsonNull.Value));
    }

    public async Task<bool> ClaimAsync(string id, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        (await Documents.UpdateOneAsync(
            Filter.And(Filter.Eq("_id", id), Pending, Filter.Lte("next_attempt_at", MongoInstant.From(now))),
            Builders<BsonDocument>.Update.Inc("attempts", 1).Set("next_attempt_at", MongoInstant.From(leaseUntil)),
            cancellationToken: cancellationToken)).ModifiedCount == 1;

    public async Task<bool> FinishAttemptAsync(string id, WebhookAttemptOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var update = Builders<BsonDocument>.Update
            .Set("state", EnumNames<WebhookDeliveryState>.Name(outcome.State))
            .Set("next_attempt_at", MongoInstant.FromNullable(outcome.NextAttemptAt))
            .Set("last_status", outcome.StatusCode is { } status ? new BsonInt32(status) : (BsonValue)BsonNull.Value)
            .Set("last_error", MongoText.FromNullable(outcome.Error))
            .Set("delivered_at", MongoInstant.FromNullable(outcome.DeliveredAt));
        return (await Documents.UpdateOneAsync(Filter.And(Filter.Eq("_id", id), Pending), update, cancellationToken: cancellationToken))
            .MatchedCount == 1;
    }

    public async Task<bool> RedeliverAsync(string userId, string id, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await Documents.UpdateOneAsync(ById(userId, id), Builders<BsonDocument>.Update
            .Set("state", "pending")
            .Set("attempts", 0)
            .Set("next_attempt_at", MongoInstant.From(now))
            .Set("delivered_at", BsonNull.Value), cancellationToken: cancellationToken)).MatchedCount == 1;

    public async Task<IReadOnlyList<WebhookDelivery>> ListAsync(
        string userId, string? subscriptionId, WebhookDeliveryState? state, int limit, CancellationToken cancellationToken)
    {
        PageLimit.Check(limit, WebhookDeliveryStates.MaxPage);
        var filter = Filter.Eq("user_id", userId);
        if (subscriptionId is not null)
        {
            filter &= Filter.Eq("subscription_id", subscriptionId);
        }
        if (state is { } wanted)
        {
            filter &= Filter.Eq("state", EnumNames<WebhookDeliveryState>.Name(wanted));
        }
        return await Documents.FindPageAsync(filter, Builders<BsonDocument>.Sort.Descending("created_at").Descending("_id"), limit, Read,
            cancellationToken);
    }

    public async Task<long> DeleteForSubscriptionAsync(string userId, string subscriptionId, CancellationToken cancellationToken) =>
        (await Documents.DeleteManyAsync(Filter.And(Filter.Eq("user_id", userId), Filter.Eq("subscription_id", subscriptionId)),
            cancellationToken)).DeletedCount;

    public async Task<long> DeleteFinishedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        (await Documents.DeleteManyAsync(Filter.And(Filter.Ne("state", "pending"), Filter.Lt("created_at", MongoInstant.From(before))),
            cancellationToken)).DeletedCount;

    private static FilterDefinition<BsonDocument> ById(string userId, string id) =>
        Filter.And(Filter.Eq("_id", id), Filter.Eq("user_id", userId));

    private static WebhookDelivery Read(BsonDocument document) => new(
        document["_id"].AsString,
        document["event_id"].AsString,
        document["subscription_id"].AsString,
        document["user_id"].AsString,
        document["event_type"].AsString,
        document["payload"].AsString,
        MongoInstant.Read(document["created_at"]),
        EnumNames<WebhookDeliveryState>.Parse(document["state"].AsString),
        document["attempts"].ToInt32(),
        MongoInstant.ReadNullable(document.GetValue("next_attempt_at", BsonNull.Value)))
    {
        LastStatusCode = document.GetValue("last_status", BsonNull.Value) is { IsBsonNull: false } status ? status.ToInt32() : null,
        LastError = MongoText.ReadNullable(document, "last_error"),
        DeliveredAt = MongoInstant.ReadNullable(document.GetValue("delivered_at", BsonNull.Value)),
    };
}
