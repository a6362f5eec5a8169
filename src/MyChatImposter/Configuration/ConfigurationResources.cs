namespace MyChatImposter.Configuration;

// The advisory lists behind the language and time-zone pickers (spec/01 §6), in the spec's order.
// Saving accepts any valid code or IANA zone, not only these.
public static class ConfigurationResources
{
    public static IReadOnlyList<Language> Languages { get; } =
    [
        new("en", "English", "English"),
        new("he", "Hebrew", "עברית"),
        new("ar", "Arabic", "العربية"),
        new("es", "Spanish", "Español"),
        new("fr", "French", "Français"),
        new("de", "German", "Deutsch"),
        new("ru", "Russian", "Русский"),
        new("zh", "Chinese", "中文"),
        new("ja", "Japanese", "日本語"),
        new("pt", "Portuguese", "Português"),
        new("it", "Italian", "Italiano"),
        new("ko", "Korean", "한국어"),
        new("nl", "Dutch", "Nederlands"),
        new("pl", "Polish", "Polski"),
        new("tr", "Turkish", "Türkçe"),
        new("hi", "Hindi", "हिन्दी"),
        new("th", "Thai", "ไทย"),
        new("vi", "Vietnamese", "Tiếng Việt"),
        new("uk", "Ukrainian", "Українська"),
        new("sv", "Swedish", "Svenska"),
    ];

    public static IReadOnlyList<string> Timezones { get; } =
    [
        "UTC",
        "Europe/London",
        "Europe/Paris",
        "Europe/Berlin",
        "Europe/Moscow",
        "Asia/Jerusalem",
        "Asia/Dubai",
        "Asia/Kolkata",
        "Asia/Bangkok",
        "Asia/Singapore",
        "Asia/Hong_Kong",
        "Asia/Tokyo",
        "Australia/Sydney",
        "Pacific/Auckland",
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Los_Angeles",
        "America/Sao_Paulo",
        "Africa/Cairo",
        "Africa/Johannesburg",
    ];
}
