using MongoDB.Bson;

namespace MyChatImposter.Storage.Mongo;

// Instants are BSON dates: UTC, millisecond precision (anything finer is truncated on the way in).
internal static class MongoInstant
{
    public static BsonDateTime From(DateTimeOffset instant) => new(instant.UtcDateTime);

    public static BsonValue FromNullable(DateTimeOffset? instant) =>
        instant is { } value ? From(value) : BsonNull.Value;

    public static DateTimeOffset Read(BsonValue value) => new(value.AsBsonDateTime.ToUniversalTime(), TimeSpan.Zero);

    public static DateTimeOffset? ReadNullable(BsonValue value) => value.IsBsonNull ? null : Read(value);
}
