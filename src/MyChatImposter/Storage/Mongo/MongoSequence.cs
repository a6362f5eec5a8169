using MongoDB.Bson;
using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

// An increasing number kept in one counter document ({_id: counterId, value}), incremented on the server:
// what the SQLite stores get from an AUTOINCREMENT row id.
internal sealed class MongoSequence(IMongoCollection<BsonDocument> counters, string counterId)
{
    public async Task<long> NextAsync(CancellationToken cancellationToken)
    {
        var increment = () => counters.FindOneAndUpdateAsync(
            Builders<BsonDocument>.Filter.Eq("_id", counterId),
            Builders<BsonDocument>.Update.Inc("value", 1L),
            new FindOneAndUpdateOptions<BsonDocument> { IsUpsert = true, ReturnDocument = ReturnDocument.After },
            cancellationToken);
        try
        {
            return (await increment())["value"].ToInt64();
        }
        catch (MongoException race) when (MongoErrors.IsDuplicateKey(race))
        {
            // Two first-ever upserts raced to create the counter; it exists now, so this one increments it.
            return (await increment())["value"].ToInt64();
        }
    }
}
