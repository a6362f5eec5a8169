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
        (General, "/Bots/Settings/General", "settings-general"),
        (Ai, "/Bots/Ai", "settings-ai"),
        (Limits, "/Bots/Settings/Limits", "settings-limits"),
        (Reply, "/Bots/Settings/Reply", "settings-reply"),
        (Tracking, "/Bots/Settings/GroupTracking", "settings-tracking"),
    ];
}
