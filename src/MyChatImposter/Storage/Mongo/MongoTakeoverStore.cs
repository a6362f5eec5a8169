using MongoDB.Bson;
using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

// Documents in `takeovers`: {_id: ObjectId, user_id, correspondent_id, display_name, since, until, by}, one per
// conversation (a unique index on user_id+correspondent_id).
public sealed class MongoTakeoverStore(MongoDatabaseContext context)
    : MongoUserRecords(context.Collection(MongoCollections.Takeovers)), ITakeoverStore
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    public Task<Takeover?> GetAsync(string userId, string correspondentId, CancellationToken cancellationToken) =>
        Documents.FindOneAsync(ByConversation(userId, correspondentId), Read, cancellationToken);

    public async Task SetAsync(Takeover takeover, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(takeover);
        var key = ByConversation(takeover.UserId, takeover.CorrespondentId);
        var update = Builders<BsonDocument>.Update
            .SetOnInsert("user_id", takeover.UserId)
            .SetOnInsert("correspondent_id", takeover.CorrespondentId)
            .Set("display_name", MongoText.FromNullable(takeover.DisplayName))
            .Set("since", MongoInstant.From(takeover.Since))
            .Set("until", MongoInstant.FromNullable(takeover.Until))
            .Set("by", takeover.By);
        try
        {
            await Documents.UpdateOneAsync(key, update, new UpdateOptions { IsUpsert = true }, cancellationToken);
        }
        catch (MongoException ex) when (MongoErrors.IsDuplicateKey(ex))
        {
            // A concurrent set inserted it first (the unique index refused the second insert): now it exists,
            // so the same update applies to it.
            await Documents.UpdateOneAsync(key, update, cancellationToken: cancellationToken);
        }
    }

    public async Task<bool> RemoveAsync(string userId, string correspondentId, CancellationToken cancellationToken) =>
        (await Documents.DeleteOneAsync(ByConversation(userId, correspondentId), cancellationToken)).DeletedCount == 1;

    public async Task<IReadOnlyList<Takeover>> ListAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        PageLimit.Check(limit, ITakeoverStore.MaxPage);
        return await Documents.FindPageAsync(
            Filter.Eq("user_id", userId),
            Builders<BsonDocument>.Sort.Descending("since").Ascending("correspondent_id"), limit, Read, cancellationToken);
    }

    // $lt on a date matches neither null nor a missing field: a takeover until handed back stays.
    public async Task<long> DeleteEndedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        (await Documents.DeleteManyAsync(Filter.Lt("until", MongoInstant.From(before)), cancellationToken)).DeletedCount;

    private static FilterDefinition<BsonDocument> ByConversation(string userId, string correspondentId) =>
        Filter.And(Filter.Eq("user_id", userId), Filter.Eq("correspondent_id", correspondentId));

    private static Takeover Read(BsonDocument document) => new(
        document["user_id"].AsString,
        document["correspondent_id"].AsString,
        MongoText.ReadNullable(document, "display_name"),
        MongoInstant.Read(document["since"]),
        MongoInstant.ReadNullable(document.GetValue("until", BsonNull.Value)),
        document["by"].AsString);
}
