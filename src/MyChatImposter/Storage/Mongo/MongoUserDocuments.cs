using MongoDB.Bson;
using MongoDB.Driver;

namespace MyChatImposter.Storage.Mongo;

// What every store does alike with its collection: one document or a page of documents in a given order or after a cursor, read
// into records; counting and erasing one user's documents (keyed by `user_id`) for the Delete page and for deleting
// the user.
internal static class MongoUserDocuments
{
    public static async Task<IReadOnlyList<T>> FindPageAsync<T>(
        this IMongoCollection<BsonDocument> collection, FilterDefinition<BsonDocument> filter, SortDefinition<BsonDocument> order,
        int limit, Func<BsonDocument, T> read, CancellationToken cancellationToken) =>
        (await collection.Find(filter).Sort(order).Limit(limit).ToListAsync(cancellationToken)).Select(read).ToList();

    // The one document the filter names, read into a record, or null when there is none.
    public static async Task<T?> FindOneAsync<T>(
        this IMongoCollection<BsonDocument> collection, FilterDefinition<BsonDocument> filter, Func<BsonDocument, T> read,
        CancellationToken cancellationToken)
        where T : class =>
        await collection.Find(filter).FirstOrDefaultAsync(cancellationToken) is { } document ? read(document) : null;

    // The page after a cursor: the documents matching the filter whose numeric `cursor` field is above `after`,
    // in that field's order (delivery items by sequence, archived messages by id).
    public static Task<IReadOnlyList<T>> FindPageAfterAsync<T>(
        this IMongoCollection<BsonDocument> collection, FilterDefinition<BsonDocument> filter, string cursor, long after,
        int limit, Func<BsonDocument, T> read, CancellationToken cancellationToken) =>
        collection.FindPageAsync(
            Builders<BsonDocument>.Filter.And(filter, Builders<BsonDocument>.Filter.Gt(cursor, after)),
            Builders<BsonDocument>.Sort.Ascending(cursor), limit, read, cancellationToken);

    public static FilterDefinition<BsonDocument> OfUser(string userId) => Builders<BsonDocument>.Filter.Eq("user_id", userId);

    public static Task<long> CountOfUserAsync(this IMongoCollection<BsonDocument> collection, string userId, CancellationToken cancellationToken) =>
        collection.CountDocumentsAsync(OfUser(userId), cancellationToken: cancellationToken);

    public static async Task<long> DeleteOfUserAsync(this IMongoCollection<BsonDocument> collection, string userId, CancellationToken cancellationToken) =>
        (await collection.DeleteManyAsync(OfUser(userId), cancellationToken)).DeletedCount;
}
