using MongoDB.Bson;
using MongoDB.Driver;
using MyChatImposter.Webhooks;

namespace MyChatImposter.Storage.Mongo;

// Documents in `webhook_subscriptions`: {_id: id, user_id, url, events: [..], enabled, secret, created_at}.
public sealed class MongoWebhookSubscriptionStore(MongoDatabaseContext context)
    : MongoUserRecords(context.Collection(MongoCollections.WebhookSubscriptions)), IWebhookSubscriptionStore
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    public Task AddAsync(WebhookSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return Documents.InsertOneAsync(new BsonDocument
        {
            { "_id", subscription.Id },
            { "user_id", subscription.UserId },
            { "url", subscription.Url },
            { "events", new BsonArray(subscription.Events) },
            { "enabled", subscription.Enabled },
            { "secret", subscription.StoredSecret },
            { "created_at", MongoInstant.From(subscription.CreatedAt) },
        }, cancellationToken: cancellationToken);
    }

    public Task<WebhookSubscription?> GetAsync(string userId, string id, CancellationToken cancellationToken) =>
        Documents.FindOneAsync(ById(userId, id), Read, cancellationToken);

    public async Task<IReadOnlyList<WebhookSubscription>> ListAsync(string userId, CancellationToken cancellationToken) =>
        (await Documents.Find(Filter.Eq("user_id", userId)).Sort(Builders<BsonDocument>.Sort.Ascending("created_at").Ascending("_id"))
            .ToListAsync(cancellationToken)).Select(Read).ToList();

    public async Task<bool> UpdateAsync(WebhookSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var update = Builders<BsonDocument>.Update
            .Set("url", subscription.Url)
            .Set("events", new BsonArray(subscription.Events))
            .Set("enabled", subscription.Enabled)
            .Set("secret", subscription.StoredSecret);
        return (await Documents.UpdateOneAsync(ById(subscription.UserId, subscription.Id), update, cancellationToken: cancellationToken))
            .MatchedCount == 1;
    }

    public async Task<bool> DeleteAsync(string userId, string id, CancellationToken cancellationToken) =>
        (await Documents.DeleteOneAsync(ById(userId, id), cancellationToken)).DeletedCount == 1;

    private static FilterDefinition<BsonDocument> ById(string userId, string id) =>
        Filter.And(Filter.Eq("_id", id), Filter.Eq("user_id", userId));

    private static WebhookSubscription Read(BsonDocument document) => new(
        document["_id"].AsString,
        document["user_id"].AsString,
        document["url"].AsString,
        [.. document["events"].AsBsonArray.Select(value => value.AsString)],
        document["enabled"].AsBoolean,
        document["secret"].AsString,
        MongoInstant.Read(document["created_at"]));
}
