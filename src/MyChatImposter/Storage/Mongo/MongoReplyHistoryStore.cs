using MongoDB.Bson;
using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

// Documents in `reply_history`: {_id: the event's id (a number from a counter document in
// `owner_control_sequences`), user_id, correspondent_id, kind, at, text, detail, draft_number}.
public sealed class MongoReplyHistoryStore(MongoDatabaseContext context)
    : MongoUserRecords(context.Collection(MongoCollections.ReplyHistory)), IReplyHistoryStore
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    private readonly MongoSequence _ids = new(context.Collection(MongoCollections.OwnerControlSequences), "reply_history_id");

    public async Task<ReplyEvent> AddAsync(ReplyEvent replyEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replyEvent);
        var stored = replyEvent with { Id = await _ids.NextAsync(cancellationToken) };
        await Documents.InsertOneAsync(new BsonDocument
        {
            { "_id", stored.Id },
            { "user_id", stored.UserId },
            { "correspondent_id", stored.CorrespondentId },
            { "kind", EnumNames<ReplyEventKind>.Name(stored.Kind) },
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
        return await Documents.FindPageAsync(filter, Builders<BsonDocument>.Sort.Descending("_id"), limit, Read, cancellationToken);
    }

    public async Task<long> DeleteBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        (await Documents.DeleteManyAsync(Filter.Lt("at", MongoInstant.From(before)), cancellationToken)).DeletedCount;

    private static ReplyEvent Read(BsonDocument document) => new(
        document["user_id"].AsString,
        document["correspondent_id"].AsString,
        EnumNames<ReplyEventKind>.Parse(document["kind"].AsString),
        MongoInstant.Read(document["at"]),
        MongoText.ReadNullable(document, "text"),
        MongoText.ReadNullable(document, "detail"),
        document.GetValue("draft_number", BsonNull.Value) is { IsNumeric: true } number ? number.ToInt64() : null)
    {
        Id = document["_id"].ToInt64(),
    };
}
