using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using MyChatImposter.ChatProviders;
using MyChatImposter.Pipeline;
using MyChatImposter.Storage.Mongo;

namespace MyChatImposter.Tests.Storage.Mongo;

// Runs when MONGODB_URL points at a server (see MongoTestServer); skipped otherwise.
public sealed class MongoMessageArchiveTests() : MessageArchiveContract(new MongoTestDatabase())
{
    private IMongoCollection<BsonDocument> Queues =>
        Services!.GetRequiredService<MongoDatabaseContext>().Collection(MongoCollections.MessageArchive);

    // The store reads duplicates from the write errors of its unordered insert, as MongoDB reports them: one
    // per refused row, the other rows written. The stand-in refuses the whole insert with one command error.
    protected override void RequireDuplicatesRefusedRowByRow() =>
        MongoTestServer.RequireRealMongo("the stand-in refuses a whole insert with one duplicate-key command error, " +
            "where MongoDB refuses only the duplicate rows, each with a write error, and writes the others");

    [Fact]
    public async Task New_documents_have_the_original_shape()
    {
        var store = await OpenStoreAsync();
        var message = new ArchivedMessage(
            "alice", WhatsApp, "120363@g.us", 7, "3EB0AAAA", "héllo",
            new ChatParty("972501234567@s.whatsapp.net", null, ["123@lid"]),
            MessageSource.UserOutgoing, T0, T0.AddSeconds(-3), new ChatGroup("120363@g.us", "Family", ["Family"]));

        await store.AppendAsync([message], Ct);

        var raw = await Queues.Find(FilterDefinition<BsonDocument>.Empty).SingleAsync(Ct);
        Assert.Equal(
            ["_id", "id", "content", "sender", "source", "accepted_time", "message_size", "originating_time", "group",
                "provider_message_id", "user_id", "provider_name", "correspondent_id"],
            raw.Names);
        Assert.Equal(new BsonInt64(7), raw["id"]);
        Assert.Equal(new BsonInt64(T0.ToUnixTimeMilliseconds()), raw["accepted_time"]);
        Assert.Equal(new BsonInt64(T0.AddSeconds(-3).ToUnixTimeMilliseconds()), raw["originating_time"]);
        Assert.Equal(new BsonInt32(5), raw["message_size"]);
        Assert.Equal("user_outgoing", raw["source"]);
        Assert.Equal(
            new BsonDocument
            {
                { "identifier", "972501234567@s.whatsapp.net" },
                { "display_name", BsonNull.Value },
                { "alternate_identifiers", new BsonArray { "123@lid" } },
            },
            raw["sender"]);
        Assert.Equal(
            new BsonDocument
            {
                { "identifier", "120363@g.us" },
                { "display_name", "Family" },
                { "alternate_identifiers", new BsonArray { "Family" } },
            },
            raw["group"]);
    }

    [Fact]
    [Trait("Requires", MongoTestServer.RealMongo)]
    public async Task Reads_documents_written_by_the_original()
    {
        var store = await OpenStoreAsync();
        var acceptedMs = T0.ToUnixTimeMilliseconds();
        await Queues.InsertManyAsync(
            [
                // As the original wrote them: Python ints (int32 when small), naive fields, nulls.
                new BsonDocument
                {
                    { "id", 1 },
                    { "content", "hi there" },
                    { "sender", new BsonDocument { { "identifier", "972501234567@s.whatsapp.net" }, { "display_name", BsonNull.Value }, { "alternate_identifiers", new BsonArray() } } },
                    { "source", "user" },
                    { "accepted_time", acceptedMs },
                    { "message_size", 8 },
                    { "originating_time", BsonNull.Value },
                    { "group", BsonNull.Value },
                    { "provider_message_id", "3EB0OLD1" },
                    { "user_id", "alice" },
                    { "provider_name", WhatsApp },
                    { "correspondent_id", "972501234567@s.whatsapp.net" },
                },
                new BsonDocument
                {
                    { "id", 2 },
                    { "content", "me again" },
                    { "sender", new BsonDocument { { "identifier", "972500000000@s.whatsapp.net" }, { "display_name", "Owner" }, { "alternate_identifiers", new BsonArray { "Owner" } } } },
                    { "source", "user_outgoing" },
                    { "accepted_time", acceptedMs + 1_000 },
                    { "message_size", 8 },
                    { "originating_time", acceptedMs - 500 },
                    { "group", new BsonDocument { { "identifier", "120363@g.us" }, { "display_name", BsonNull.Value }, { "alternate_identifiers", new BsonArray() } } },
                    { "provider_message_id", "3EB0OLD2" },
                    { "user_id", "alice" },
                    { "provider_name", WhatsApp },
                    { "correspondent_id", "972501234567@s.whatsapp.net" },
                },
                // From before the original wrote correspondent_id, and without a provider message id.
                new BsonDocument
                {
                    { "id", 1 },
                    { "content", "ancient" },
                    { "sender", new BsonDocument { { "identifier", "someone" }, { "display_name", "Some One" } } },
                    { "source", "bot" },
                    { "accepted_time", acceptedMs - 86_400_000L },
                    { "message_size", 7 },
                    { "user_id", "alice" },
                    { "provider_name", WhatsApp },
                },
                new BsonDocument
                {
                    { "id", 1 },
                    { "content", "bob's" },
                    { "sender", new BsonDocument { { "identifier", "x" }, { "display_name", "X" }, { "alternate_identifiers", new BsonArray() } } },
                    { "source", "user" },
                    { "accepted_time", acceptedMs },
                    { "message_size", 5 },
                    { "user_id", "bob" },
                    { "provider_name", WhatsApp },
                },
            ],
            cancellationToken: Ct);
        const string missing = MongoMessageArchive.MissingCorrespondentId;

        Assert.Equal(["972501234567@s.whatsapp.net", missing], await store.CorrespondentsAsync("alice", Ct));
        var read = await store.ReadAsync("alice", "972501234567@s.whatsapp.net", 0, 10, Ct);
        Assert.Equal(2, read.Count);
        AssertSameMessage(
            new ArchivedMessage(
                "alice", WhatsApp, "972501234567@s.whatsapp.net", 1, "3EB0OLD1", "hi there",
                new ChatParty("972501234567@s.whatsapp.net", null, []), MessageSource.User, T0, null, null),
            read[0]);
        AssertSameMessage(
            new ArchivedMessage(
                "alice", WhatsApp, "972501234567@s.whatsapp.net", 2, "3EB0OLD2", "me again",
                new ChatParty("972500000000@s.whatsapp.net", "Owner", ["Owner"]), MessageSource.UserOutgoing,
                T0.AddSeconds(1), T0.AddMilliseconds(-500), new ChatGroup("120363@g.us", null, [])),
            read[1]);
        AssertSameMessage(
            new ArchivedMessage(
                "alice", WhatsApp, missing, 1, "", "ancient",
                new ChatParty("someone", "Some One", []), MessageSource.Bot, T0.AddDays(-1), null, null),
            Assert.Single(await store.ReadAsync("alice", missing, 0, 10, Ct)));
        Assert.Equal(2, await store.LastIdAsync("alice", "972501234567@s.whatsapp.net", Ct));
        Assert.Equal(1, await store.CountAsync("alice", missing, Ct));

        // New messages continue the original's ids, and its provider message ids are still duplicates.
        RequireDuplicatesRefusedRowByRow();
        Assert.Equal(
            [true, false],
            await store.AppendAsync(
                [
                    NewMessage("972501234567@s.whatsapp.net", 3, "3EB0NEW3"),
                    NewMessage("972501234567@s.whatsapp.net", 4, "3EB0OLD1"),
                ], Ct));
        Assert.Equal(3, await store.LastIdAsync("alice", "972501234567@s.whatsapp.net", Ct));

        Assert.Equal(1, await store.DeleteAsync("alice", missing, Ct));
        Assert.Equal(["972501234567@s.whatsapp.net"], await store.CorrespondentsAsync("alice", Ct));
        Assert.Equal(3, await store.CountAsync("alice", null, Ct));
        Assert.Equal([missing], await store.CorrespondentsAsync("bob", Ct));
    }

    [Fact]
    public async Task A_duplicate_key_of_another_unique_index_is_a_failure_not_a_duplicate()
    {
        var store = await OpenStoreAsync();
        // Stands for a unique index the store does not make, such as the original's later
        // user+provider+correspondent+id: a message it refuses was not archived before.
        await Queues.Indexes.CreateOneAsync(
            new CreateIndexModel<BsonDocument>(
                Builders<BsonDocument>.IndexKeys.Ascending("content"), new CreateIndexOptions { Unique = true }),
            cancellationToken: Ct);
        await store.AppendAsync([NewMessage("c1", 1, "p1", content: "same words")], Ct);

        await Assert.ThrowsAnyAsync<MongoException>(
            () => store.AppendAsync([NewMessage("c1", 2, "p2", content: "same words"), NewMessage("c1", 3, "p1")], Ct));

        Assert.Equal(["p1"], (await store.ReadAsync("alice", "c1", 0, 10, Ct)).Select(m => m.ProviderMessageId));
    }

    [Fact]
    public async Task Creates_the_archive_indexes()
    {
        await OpenStoreAsync();

        var indexes = await Queues.Indexes.List(Ct).ToListAsync(Ct);

        AssertIndex(indexes, unique: true, "user_id", "correspondent_id", "provider_message_id");
        AssertIndex(indexes, unique: false, "user_id", "correspondent_id", "id");
        AssertIndex(indexes, unique: false, "user_id", "correspondent_id", "originating_time", "accepted_time");
    }

    private static void AssertIndex(List<BsonDocument> indexes, bool unique, params string[] fields)
    {
        var key = new BsonDocument(fields.Select(field => new BsonElement(field, 1)));
        var index = indexes.SingleOrDefault(i => i["key"].AsBsonDocument == key);

        Assert.True(index is not null, $"queues has no index on {key}; it has {indexes.ToJson()}");
        Assert.Equal(unique, index.GetValue("unique", false).ToBoolean());
    }
}
