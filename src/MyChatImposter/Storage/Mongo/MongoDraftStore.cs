using MongoDB.Bson;
using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

// Documents in `reply_drafts`: {_id: draft id, number, user_id, correspondent_id, correspondent_name,
// answered: [{speaker, content}], text, state, created_at, expires_at, sent_text, decided_at, decided_by,
// delivery_id}. Numbers come from a counter document in `owner_control_sequences`. A change of state is one
// conditional update of one document (the state it leaves is in the filter), which MongoDB applies
// atomically, so of two deciders only one matches. The partial unique index keeps one pending draft per
// conversation.
public sealed class MongoDraftStore(MongoDatabaseContext context)
    : MongoUserRecords(context.Collection(MongoCollections.Drafts)), IDraftStore
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<BsonDocument> Update = Builders<BsonDocument>.Update;
    private static readonly SortDefinition<BsonDocument> ByNumber = Builders<BsonDocument>.Sort.Ascending("number");

    private readonly MongoSequence _numbers = new(context.Collection(MongoCollections.OwnerControlSequences), "draft_number");

    public async Task<Draft> AddAsync(Draft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var stored = draft with { Number = await _numbers.NextAsync(cancellationToken) };
        try
        {
            await Documents.InsertOneAsync(ToDocument(stored), cancellationToken: cancellationToken);
        }
        catch (MongoException ex) when (MongoErrors.IsDuplicateKey(ex))
        {
            throw DraftStoreRules.OnAdd(draft, ex);
        }
        return stored;
    }

    public Task<Draft?> GetAsync(string userId, string id, CancellationToken cancellationToken) =>
        Documents.FindOneAsync(Filter.And(Filter.Eq("_id", id), Filter.Eq("user_id", userId)), Read, cancellationToken);

    public Task<Draft?> GetByNumberAsync(string userId, long number, CancellationToken cancellationToken) =>
        Documents.FindOneAsync(Filter.And(Filter.Eq("user_id", userId), Filter.Eq("number", number)), Read, cancellationToken);

    public Task<Draft?> PendingForAsync(string userId, string correspondentId, CancellationToken cancellationToken) =>
        Documents.FindOneAsync(Filter.And(Filter.Eq("user_id", userId), Filter.Eq("correspondent_id", correspondentId), InState(DraftState.Pending)),
            Read, cancellationToken);

    public async Task<IReadOnlyList<Draft>> ListAsync(
        string userId, DraftState? state, long? beforeNumber, int limit, CancellationToken cancellationToken)
    {
        PageLimit.Check(limit, IDraftStore.MaxPage);
        var filter = Filter.Eq("user_id", userId);
        if (state is { } wanted)
        {
            filter &= InState(wanted);
        }
        if (beforeNumber is { } before)
        {
            filter &= Filter.Lt("number", before);
        }
        return await Documents.FindPageAsync(filter, Builders<BsonDocument>.Sort.Descending("number"), limit, Read, cancellationToken);
    }

    public Task<long> CountAsync(string userId, DraftState state, CancellationToken cancellationToken) =>
        Documents.CountDocumentsAsync(Filter.And(Filter.Eq("user_id", userId), InState(state)), cancellationToken: cancellationToken);

    // The update decides; the read after it returns what it wrote (only a reopen from this very decision, or
    // an erasure, could come in between). FindOneAndUpdate would do both in one, but the stand-in the tests
    // run on does not apply it atomically.
    public async Task<Draft?> DecideAsync(
        string userId, string id, DraftDecision decision, DateTimeOffset? notExpiredAt, CancellationToken cancellationToken)
    {
        DraftStoreRules.CheckDecision(decision);
        var filter = Filter.And(Filter.Eq("_id", id), Filter.Eq("user_id", userId), InState(DraftState.Pending));
        if (notExpiredAt is { } instant)
        {
            filter &= Filter.Gt("expires_at", MongoInstant.From(instant));
        }
        var update = Update.Set("state", EnumNames<DraftState>.Name(decision.State))
            .Set("decided_at", MongoInstant.From(decision.At))
            .Set("decided_by", decision.By)
            .Set("sent_text", MongoText.FromNullable(decision.SentText))
            .Set("delivery_id", MongoText.FromNullable(decision.DeliveryId));
        var result = await Documents.UpdateOneAsync(filter, update, cancellationToken: cancellationToken);
        return result.MatchedCount == 1 ? await GetAsync(userId, id, cancellationToken) : null;
    }

    // False as well when the conversation has had a new pending draft since: the unique index refuses a second.
    public async Task<bool> ReopenAsync(string userId, string id, DraftState from, CancellationToken cancellationToken)
    {
        DraftStoreRules.CheckReopen(from);
        var update = Update.Set("state", EnumNames<DraftState>.Name(DraftState.Pending))
            .Set("decided_at", BsonNull.Value)
            .Set("decided_by", BsonNull.Value)
            .Set("sent_text", BsonNull.Value)
            .Set("delivery_id", BsonNull.Value);
        try
        {
            var result = await Documents.UpdateOneAsync(
                Filter.And(Filter.Eq("_id", id), Filter.Eq("user_id", userId), InState(from)), update, cancellationToken: cancellationToken);
            return result.MatchedCount == 1;
        }
        catch (MongoException ex) when (MongoErrors.IsDuplicateKey(ex))
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<Draft>> ExpireAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expired = await MongoConditionalUpdates.UpdateEachAsync(Documents,
            Filter.And(InState(DraftState.Pending), Filter.Lte("expires_at", MongoInstant.From(now))),
            Update.Set("state", EnumNames<DraftState>.Name(DraftState.Expired))
                .Set("decided_at", MongoInstant.From(now))
                .Set("decided_by", DraftStoreRules.ExpiredBy),
            ByNumber, cancellationToken);
        return expired.Select(Read).ToList();
    }

    // A draft that never was pending (monitored) has no decision: its creation counts instead.
    public async Task<long> DeleteDecidedBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var instant = MongoInstant.From(before);
        var result = await Documents.DeleteManyAsync(
            Filter.And(
                Filter.Ne("state", EnumNames<DraftState>.Name(DraftState.Pending)),
                Filter.Or(
                    Filter.Lt("decided_at", instant),
                    Filter.And(Filter.Eq("decided_at", BsonNull.Value), Filter.Lt("created_at", instant)))),
            cancellationToken);
        return result.DeletedCount;
    }

    private static FilterDefinition<BsonDocument> InState(DraftState state) => Filter.Eq("state", EnumNames<DraftState>.Name(state));

    private static BsonDocument ToDocument(Draft draft) => new()
    {
        { "_id", draft.Id },
        { "number", draft.Number },
        { "user_id", draft.UserId },
        { "correspondent_id", draft.CorrespondentId },
        { "correspondent_name", MongoText.FromNullable(draft.CorrespondentName) },
        { "answered", new BsonArray(draft.Answered.Select(u => new BsonDocument { { "speaker", u.Speaker }, { "content", u.Content } })) },
        { "text", draft.Text },
        { "state", EnumNames<DraftState>.Name(draft.State) },
        { "created_at", MongoInstant.From(draft.CreatedAt) },
        { "expires_at", MongoInstant.From(draft.ExpiresAt) },
        { "sent_text", MongoText.FromNullable(draft.SentText) },
        { "decided_at", MongoInstant.FromNullable(draft.DecidedAt) },
        { "decided_by", MongoText.FromNullable(draft.DecidedBy) },
        { "delivery_id", MongoText.FromNullable(draft.DeliveryId) },
    };

    private static Draft Read(BsonDocument document) => new(
        document["_id"].AsString,
        document["user_id"].AsString,
        document["correspondent_id"].AsString,
        MongoText.ReadNullable(document, "correspondent_name"),
        [.. document["answered"].AsBsonArray.Select(u => new Utterance(u["speaker"].AsString, u["content"].AsString))],
        document["text"].AsString,
        EnumNames<DraftState>.Parse(document["state"].AsString),
        MongoInstant.Read(document["created_at"]),
        MongoInstant.Read(document["expires_at"]))
    {
        Number = document["number"].ToInt64(),
        SentText = MongoText.ReadNullable(document, "sent_text"),
        DecidedAt = MongoInstant.ReadNullable(document.GetValue("decided_at", BsonNull.Value)),
        DecidedBy = MongoText.ReadNullable(document, "decided_by"),
        DeliveryId = MongoText.ReadNullable(document, "delivery_id"),
    };
}
