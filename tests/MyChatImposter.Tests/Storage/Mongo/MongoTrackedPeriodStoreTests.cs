using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using MyChatImposter.GroupTracking;
using MyChatImposter.Storage.Mongo;

namespace MyChatImposter.Tests.Storage.Mongo;

// Runs when MONGODB_URL points at a server (see MongoTestServer); skipped otherwise.
public sealed class MongoTrackedPeriodStoreTests() : TrackedPeriodStoreContract(new MongoTestDatabase())
{
    private IMongoCollection<BsonDocument> Collection(string name) =>
        Services!.GetRequiredService<MongoDatabaseContext>().Collection(name);

    [Fact]
    public async Task Documents_have_the_original_fields_plus_the_new_ones()
    {
        var store = await OpenStoreAsync();
        await store.UpsertAsync(NewPeriod(messages: 4) with { Status = PeriodStatus.Failed, LastError = "timeout" }, Ct);
        await store.AdvanceAsync("alice", Family, T0, Ct);

        var period = await Collection(MongoCollections.TrackedGroupPeriods).Find(FilterDefinition<BsonDocument>.Empty).SingleAsync(Ct);
        Assert.Equal("alice", period["user_id"]);
        Assert.Equal(Family, period["tracked_group_unique_identifier"]);
        Assert.Equal(T0.AddDays(-1).ToUnixTimeMilliseconds(), period["periodStart"].ToInt64());
        Assert.Equal(T0.ToUnixTimeMilliseconds(), period["periodEnd"].ToInt64());
        Assert.Equal(4, period["messageCount"].ToInt32());
        Assert.True(period["createdAt"].IsValidDateTime);
        Assert.Equal("failed", period["status"]);
        Assert.Equal("timeout", period["last_error"]);
        var state = await Collection(MongoCollections.GroupTrackingState).Find(FilterDefinition<BsonDocument>.Empty).SingleAsync(Ct);
        Assert.Equal(T0.ToUnixTimeMilliseconds(), state["last_run_ts"].ToInt64());
        Assert.Equal(Family, state["group_id"]);
    }

    [Fact]
    public async Task Reads_periods_and_state_written_by_the_original()
    {
        var store = await OpenStoreAsync();
        var end = T0.ToUnixTimeMilliseconds();
        await Collection(MongoCollections.TrackedGroupPeriods).InsertManyAsync(
            [
                new BsonDocument
                {
                    { "user_id", "alice" }, { "tracked_group_unique_identifier", Family },
                    { "periodStart", end - 86_400_000 }, { "periodEnd", end }, { "messageCount", 2 },
                    { "createdAt", T0.UtcDateTime }, { "messages", new BsonArray() }, { "display_name", "Family" },
                },
                new BsonDocument
                {
                    { "user_id", "alice" }, { "tracked_group_unique_identifier", Family },
                    { "periodStart", (int)0 }, { "periodEnd", end - 86_400_000 }, { "messageCount", 0 },
                    { "createdAt", T0.AddDays(-1).UtcDateTime }, { "messages", new BsonArray() },
                },
            ],
            cancellationToken: Ct);
        await Collection(MongoCollections.GroupTrackingState).InsertOneAsync(
            new BsonDocument { { "user_id", "alice" }, { "group_id", Family }, { "last_run_ts", (double)end } }, cancellationToken: Ct);

        var periods = await store.ListAsync("alice", Family, 10, Ct);

        Assert.Equal([PeriodStatus.Delivered, PeriodStatus.Empty], periods.Select(p => p.Status));
        Assert.Equal(T0, periods[0].PeriodEnd);
        Assert.Equal(T0, periods[0].UpdatedAt);
        Assert.Equal(2, periods[0].MessageCount);
        Assert.Equal("", periods[1].DisplayName);
        Assert.Equal(DateTimeOffset.UnixEpoch, periods[1].PeriodStart);
        Assert.Equal(T0, await store.LastProcessedEndAsync("alice", Family, Ct));
        await store.AdvanceAsync("alice", Family, T0.AddDays(1), Ct);
        Assert.Equal(T0.AddDays(1), await store.LastProcessedEndAsync("alice", Family, Ct));
    }

    [Fact]
    public async Task Creates_the_indexes()
    {
        await OpenStoreAsync();

        await AssertIndexAsync(Collection(MongoCollections.TrackedGroupPeriods), unique: true,
            "user_id", "tracked_group_unique_identifier", "periodEnd");
        await AssertIndexAsync(Collection(MongoCollections.TrackedGroupPeriods), unique: false, "user_id", "periodEnd");
        await AssertIndexAsync(Collection(MongoCollections.GroupTrackingState), unique: true, "user_id", "group_id");
    }

    private static async Task AssertIndexAsync(IMongoCollection<BsonDocument> collection, bool unique, params string[] fields)
    {
        var indexes = await collection.Indexes.List(Ct).ToListAsync(Ct);
        var key = new BsonDocument(fields.Select(field => new BsonElement(field, 1)));
        var index = indexes.SingleOrDefault(i => i["key"].AsBsonDocument == key);

        Assert.True(index is not null, $"{collection.CollectionNamespace.CollectionName} has no index on {key}; it has {indexes.ToJson()}");
        Assert.Equal(unique, index.GetValue("unique", false).ToBoolean());
    }
}
