using System.Globalization;

namespace MyChatImposter.Storage.Sqlite;

// Instants are stored as ISO 8601 UTC text with 100 ns precision, which sorts in time order.
public static class SqliteTimestamp
{
    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
