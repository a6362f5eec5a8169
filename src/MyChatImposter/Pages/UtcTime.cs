namespace MyChatImposter.Pages;

// Pages show times in UTC: without script the server cannot know the reader's zone, and the audit
// filter reads its date-time inputs as UTC too, so what is shown can be typed back into the filter.
public static class UtcTime
{
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
}
