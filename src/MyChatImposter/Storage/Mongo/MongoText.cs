using MongoDB.Bson;

namespace MyChatImposter.Storage.Mongo;

internal static class MongoText
{
    public static BsonValue FromNullable(string? text) => text is null ? BsonNull.Value : new BsonString(text);

    // A missing field reads as null, like an explicit null.
    public static string? ReadNullable(BsonDocument document, string name) =>
        document.GetValue(name, BsonNull.Value) is { IsString: true } value ? value.AsString : null;
}
