using MongoDB.Bson;
using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

// Documents in `reply_history`: {_id: the event's id (a number from a counter document in
// `owner_control_sequences`), user_id, correspondent_id, kind, at, text, detail, draft_number}.
public sealed class MongoReplyHistoryStore(MongoDatabaseContext context) : IReplyHistoryStore
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    private readonly IMongoCollection<BsonDocument> _events = context.Collection(MongoCollections.ReplyHistory);
    private readonly MongoSequence _ids = new(context.Collection(MongoCollections.OwnerControlSequences), "reply_history_id");

    public async Task<ReplyEvent> AddAsync(ReplyEvent replyEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replyEvent);
        var stored = replyEvent with { Id = await _ids.NextAsync(cancellationToken) };
        await _events.InsertOneAsync(new BsonDocument
        {
            { "_id", stored.Id },
            { "user_id", stored.UserId },
            { "correspondent_id", stored.CorrespondentId },
            { "kind", ReplyEventKinds.Name(stored.Kind) },
            { "at", MongoInstant.From(stored.At) },
            { "text", MongoText.FromNullable(stored.Text) },
            { "detail", MongoText.FromNullable(stored.Detail) },
            { "draft_number", stored.DraftNumber is { } number ? new BsonInt64(number) : BsonNull.Value },
        }, cancellationToken: cancellationToken);
        return stored;
    }

    public async Task<IReadOnlyList<ReplyEvent>> ListAsync(
        string userId, string? correspondentId, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        PageLimit.Check(limit, IReplyHistoryStore.MaxPage);
        var filter = Filter.Eq("user_id", userId);
        if (correspondentId is not null)
        {
            filter &= Filter.Eq("correspondent_id", correspondentId);
        }
        if (beforeId is { } before)
        {
            filter &= Filter.Lt("_id", before);
        }
        return await _events.FindPageAsync(filter, Builders<BsonDocument>.Sort.Descending("_id"), limit, Read, cancellationToken);
    }

    public async Task<long> DeleteBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        (await _events.DeleteManyAsync(Filter.Lt("at", MongoInstant.From(before)), cancellationToken)).DeletedCount;

    public Task<long> CountForUserAsync(string userId, CancellationToken cancellationToken) =>
        _events.CountOfUserAsync(userId, cancellationToken);

    public Task<long> DeleteForUserAsync(string userId, CancellationToken cancellationToken) =>
        _events.DeleteOfUserAsync(userId, cancellationToken);

    private static ReplyEvent Read(BsonDocument document) => new(
        document["user_id"].AsString,
        document["correspondent_id"].AsString,
        ReplyEventKinds.Parse(document["kind"].AsString),
        MongoInstant.Read(document["at"]),
        MongoText.ReadNullable(document, "text"),
        MongoText.ReadNullable(document, "detail"),
        document.GetValue("draft_number", BsonNull.Value) is { IsNumeric: true } number ? number.ToInt64() : null)
    {
        Id = document["_id"].ToInt64(),
    };
}
