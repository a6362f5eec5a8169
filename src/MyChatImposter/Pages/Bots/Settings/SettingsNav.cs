namespace MyChatImposter.Pages.Bots.Settings;

// The settings sections of a bot, in the order a person sets a bot up; the AI page is one of them.
public sealed record SettingsNav(string UserId, string Current)
{
    public const string General = "General";
    public const string Ai = "AI";
    public const string Limits = "Memory & limits";
    public const string Reply = "Automatic reply";
    public const string Tracking = "Group tracking";

    public static IReadOnlyList<(string Name, string Page, string Id)> Sections { get; } =
    [
        (General, "/Bots/Settings/General", "section-general"),
        (Ai, "/Bots/Ai", "section-ai"),
        (Limits, "/Bots/Settings/Limits", "section-limits"),
        (Reply, "/Bots/Settings/Reply", "section-reply"),
        (Tracking, "/Bots/Settings/GroupTracking", "section-tracking"),
    ];
}
