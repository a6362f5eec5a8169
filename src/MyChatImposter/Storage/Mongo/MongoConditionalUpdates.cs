using MongoDB.Bson;
using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

internal static class MongoConditionalUpdates
{
    // Updates what the filter finds, each document by its own write conditional on the filter still holding
    // (MongoDB applies one document's update atomically), and returns those whose write matched, as now
    // stored, in sort order. One UpdateMany could not tell which documents it changed, and a document a
    // concurrent writer took out of the filter in between is left alone.
    public static async Task<List<BsonDocument>> UpdateEachAsync(
        IMongoCollection<BsonDocument> collection, FilterDefinition<BsonDocument> filter, UpdateDefinition<BsonDocument> update,
        SortDefinition<BsonDocument> sort, CancellationToken cancellationToken)
    {
        var filters = Builders<BsonDocument>.Filter;
        var candidates = await collection.Find(filter).Project(Builders<BsonDocument>.Projection.Include("_id")).ToListAsync(cancellationToken);
        var updated = new List<BsonValue>();
        foreach (var id in candidates.Select(candidate => candidate["_id"]))
        {
            var result = await collection.UpdateOneAsync(filters.And(filters.Eq("_id", id), filter), update, cancellationToken: cancellationToken);
            if (result.MatchedCount == 1)
            {
                updated.Add(id);
            }
        }
        return updated.Count == 0
            ? []
            : await collection.Find(filters.In("_id", updated)).Sort(sort).ToListAsync(cancellationToken);
    }
}
