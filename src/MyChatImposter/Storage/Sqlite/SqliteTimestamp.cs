namespace MyChatImposter.Storage.Sqlite;

// Instants are stored as ISO 8601 UTC text with 100 ns precision. Every field has a fixed width and the zone
// is always Z, so comparing the text compares the instants: range queries and ORDER BY work on the column.
public static class SqliteTimestamp
{
    private const string Layout = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(Layout, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.ParseExact(
            text, Layout, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
