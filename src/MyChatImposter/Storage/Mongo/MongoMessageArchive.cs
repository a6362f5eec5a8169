using MongoDB.Bson;
using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

// Documents in `queues`, the original's archive (spec/12), in its field order:
// {_id: ObjectId, id, content, sender {identifier, display_name, alternate_identifiers}, source,
//  accepted_time (ms), message_size, originating_time (ms or null), group ({identifier, display_name,
//  alternate_identifiers} or null), provider_message_id, user_id, provider_name, correspondent_id}.
// ChatGroup's Id and Name are the group's identifier and display_name.
//
// The original's documents are read as they are. Some lack correspondent_id: they are listed, read and
// deleted under MissingCorrespondentId, the name the original's API grouped them under. Some lack
// provider_message_id (the original did not dedupe messages without one): it reads as "".
public sealed class MongoMessageArchive(MongoDatabaseContext context) : IMessageArchive
{
    public const string MissingCorrespondentId = "__missing_correspondent_id__";

    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    // Unordered: one duplicate does not stop the rest of the batch.
    private static readonly InsertManyOptions Unordered = new() { IsOrdered = false };

    private readonly IMongoCollection<BsonDocument> _collection = context.Collection(MongoCollections.MessageArchive);

    public async Task<IReadOnlyList<bool>> AppendAsync(
        IReadOnlyList<ArchivedMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return [];
        }

        var written = new bool[messages.Count];
        Array.Fill(written, true);
        try
        {
            await _collection.InsertManyAsync(messages.Select(ToDocument), Unordered, cancellationToken);
        }
        catch (MongoBulkWriteException<BsonDocument> ex) when (MongoErrors.OnlyDuplicateKeys(ex))
        {
            var rejected = ex.WriteErrors.Select(error => error.Index).ToList();
            // Another unique index (the original's later versions made user+provider+correspondent+id
            // unique) also refuses rows as duplicate keys: only a row whose key is archived is a duplicate.
            // Anything else is a failure the caller must see, not a message quietly dropped.
            var archived = await ArchivedKeysAsync(rejected.Select(i => messages[i]), cancellationToken);
            if (!rejected.All(i => archived.Contains(Key(messages[i]))))
            {
                throw;
            }
            foreach (var index in rejected)
            {
                written[index] = false;
            }
        }
        return written;
    }

    public async Task<long> LastIdAsync(string userId, string correspondentId, CancellationToken cancellationToken)
    {
        var last = await _collection
            .Find(ByCorrespondent(userId, correspondentId))
            .Sort(Builders<BsonDocument>.Sort.Descending("id"))
            .Limit(1)
            .Project(Builders<BsonDocument>.Projection.Include("id").Exclude("_id"))
            .FirstOrDefaultAsync(cancellationToken);
        return last?.GetValue("id", 0).ToInt64() ?? 0;
    }

    public async Task<IReadOnlyList<string>> CorrespondentsAsync(string userId, CancellationToken cancellationToken)
    {
        // $group rather than distinct: it yields null for documents without the field, which distinct skips.
        var groups = await _collection.Aggregate()
            .Match(Filter.Eq("user_id", userId))
            .Group(new BsonDocument("_id", "$correspondent_id"))
            .ToListAsync(cancellationToken);
        return groups
            .Select(group => group["_id"] is { IsString: true } name ? name.AsString : MissingCorrespondentId)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public async Task<IReadOnlyList<ArchivedMessage>> ReadAsync(
        string userId, string correspondentId, long afterId, int limit, CancellationToken cancellationToken)
    {
        PipelinePaging.CheckArchiveLimit(limit);
        return await _collection.FindPageAfterAsync(ByCorrespondent(userId, correspondentId), "id", afterId, limit, Read, cancellationToken);
    }

    // Times are compared as the milliseconds the documents hold; a document whose times are BSON dates
    // (none written by the original or this store) is not found.
    public async Task<IReadOnlyList<ArchivedMessage>> ReadWindowAsync(
        string userId, string correspondentId, DateTimeOffset fromExclusive, DateTimeOffset toInclusive, long afterId,
        int limit, CancellationToken cancellationToken)
    {
        PipelinePaging.CheckArchiveLimit(limit);
        var from = fromExclusive.ToUnixTimeMilliseconds();
        var to = toInclusive.ToUnixTimeMilliseconds();
        // A null in Eq also matches documents without the field.
        var inWindow = Filter.Or(
            Filter.And(Filter.Gt("originating_time", from), Filter.Lte("originating_time", to)),
            Filter.And(
                Filter.Eq("originating_time", BsonNull.Value),
                Filter.Gt("accepted_time", from),
                Filter.Lte("accepted_time", to)));
        return await _collection.FindPageAfterAsync(
            Filter.And(ByCorrespondent(userId, correspondentId), inWindow), "id", afterId, limit, Read, cancellationToken);
    }

    public Task<long> CountAsync(string userId, string? correspondentId, CancellationToken cancellationToken) =>
        _collection.CountDocumentsAsync(ByUserAndMaybeCorrespondent(userId, correspondentId), cancellationToken: cancellationToken);

    public async Task<long> DeleteAsync(string userId, string? correspondentId, CancellationToken cancellationToken)
    {
        var result = await _collection.DeleteManyAsync(ByUserAndMaybeCorrespondent(userId, correspondentId), cancellationToken);
        return result.DeletedCount;
    }

    private static FilterDefinition<BsonDocument> ByUserAndMaybeCorrespondent(string userId, string? correspondentId) =>
        correspondentId is null ? Filter.Eq("user_id", userId) : ByCorrespondent(userId, correspondentId);

    // A null in $in also matches documents without the field.
    private static FilterDefinition<BsonDocument> ByCorrespondent(string userId, string correspondentId) =>
        Filter.And(
            Filter.Eq("user_id", userId),
            correspondentId == MissingCorrespondentId
                ? Filter.In("correspondent_id", new BsonValue[] { BsonNull.Value, MissingCorrespondentId })
                : Filter.Eq("correspondent_id", correspondentId));

    // The keys among these messages' that are archived. The $in lists select a superset (their cross
    // product), which the caller narrows by looking its own keys up.
    private async Task<HashSet<(string, string, string)>> ArchivedKeysAsync(
        IEnumerable<ArchivedMessage> messages, CancellationToken cancellationToken)
    {
        var list = messages.ToList();
        var filter = Filter.And(
            Filter.In("user_id", list.Select(m => m.UserId).Distinct(StringComparer.Ordinal)),
            Filter.In("correspondent_id", list.Select(m => m.CorrespondentId).Distinct(StringComparer.Ordinal)),
            Filter.In("provider_message_id", list.Select(m => m.ProviderMessageId).Distinct(StringComparer.Ordinal)));
        var found = await _collection.Find(filter)
            .Project(Builders<BsonDocument>.Projection
                .Include("user_id").Include("correspondent_id").Include("provider_message_id").Exclude("_id"))
            .ToListAsync(cancellationToken);
        return found
            .Select(document => (
                MongoText.ReadNullable(document, "user_id") ?? "",
                MongoText.ReadNullable(document, "correspondent_id") ?? "",
                MongoText.ReadNullable(document, "provider_message_id") ?? ""))
            .ToHashSet();
    }

    private static (string, string, string) Key(ArchivedMessage message) =>
        (message.UserId, message.CorrespondentId, message.ProviderMessageId);

    private static BsonDocument ToDocument(ArchivedMessage message) => new()
    {
        { "id", message.Id },
        { "content", message.Content },
        { "sender", PartyDocument(message.Sender.Identifier, message.Sender.DisplayName, message.Sender.AlternateIdentifiers) },
        { "source", EnumNames<MessageSource>.Name(message.Source) },
        { "accepted_time", message.AcceptedTime.ToUnixTimeMilliseconds() },
        { "message_size", message.MessageSize },
        { "originating_time", message.OriginatingTime is { } originating ? (BsonValue)originating.ToUnixTimeMilliseconds() : BsonNull.Value },
        { "group", message.Group is { } group ? PartyDocument(group.Id, group.Name, group.AlternateIdentifiers) : (BsonValue)BsonNull.Value },
        { "provider_message_id", message.ProviderMessageId },
        { "user_id", message.UserId },
        { "provider_name", message.ProviderName },
        { "correspondent_id", message.CorrespondentId },
    };

    private static BsonDocument PartyDocument(string identifier, string? displayName, IReadOnlyList<string> alternates) => new()
    {
        { "identifier", identifier },
        { "display_name", MongoText.FromNullable(displayName) },
        { "alternate_identifiers", new BsonArray(alternates) },
    };

    private static ArchivedMessage Read(BsonDocument document)
    {
        var (senderId, senderName, senderAlternates) = ReadParty(document.GetValue("sender", BsonNull.Value));
        ChatGroup? group = null;
        if (document.GetValue("group", BsonNull.Value) is BsonDocument groupDocument)
        {
            var (groupId, groupName, groupAlternates) = ReadParty(groupDocument);
            group = new ChatGroup(groupId, groupName, groupAlternates);
        }

        return new ArchivedMessage(
            document["user_id"].AsString,
            MongoText.ReadNullable(document, "provider_name") ?? "",
            MongoText.ReadNullable(document, "correspondent_id") ?? MissingCorrespondentId,
            document.GetValue("id", 0).ToInt64(),
            MongoText.ReadNullable(document, "provider_message_id") ?? "",
            MongoText.ReadNullable(document, "content") ?? "",
            new ChatParty(senderId, senderName, senderAlternates),
            EnumNames<MessageSource>.Parse(MongoText.ReadNullable(document, "source") ?? ""),
            ReadInstant(document.GetValue("accepted_time", BsonNull.Value)) ?? DateTimeOffset.UnixEpoch,
            ReadInstant(document.GetValue("originating_time", BsonNull.Value)),
            group);
    }

    private static (string Identifier, string? DisplayName, IReadOnlyList<string> Alternates) ReadParty(BsonValue value)
    {
        if (value is not BsonDocument party)
        {
            return ("", null, []);
        }

        var alternates = party.GetValue("alternate_identifiers", BsonNull.Value) is BsonArray list
            ? list.Where(a => !a.IsBsonNull).Select(a => a.IsString ? a.AsString : a.ToString() ?? "").ToArray()
            : [];
        return (
            MongoText.ReadNullable(party, "identifier") ?? "",
            MongoText.ReadNullable(party, "display_name"),
            alternates);
    }

    // Milliseconds since the epoch, as the original wrote them (a number of any BSON numeric type); a date
    // is accepted too.
    private static DateTimeOffset? ReadInstant(BsonValue value) => value switch
    {
        { IsNumeric: true } => DateTimeOffset.FromUnixTimeMilliseconds(value.ToInt64()),
        { IsValidDateTime: true } => MongoInstant.Read(value),
        _ => null,
    };
}
