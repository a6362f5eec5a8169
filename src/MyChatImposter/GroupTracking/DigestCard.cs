namespace MyChatImposter.GroupTracking;

// The words of the card (spec/05 §5, the original's locales/actionable_item/<code>.json); the calendar's
// description uses the same words without the card's icons and bold markers.
public sealed record DigestCardLabels(
    string Group,
    string Description,
    string DeadlineText,
    string DeadlineDate,
    string RelevantMessages,
    string UntitledTask,
    string Footer)
{
    public const string HeaderIcon = "📝";
    public const string Divider = "─────────────────────";

    public static readonly DigestCardLabels English = new(
        "Group", "Description", "Due (from text)", "Date", "Relevant Messages", "Untitled Task", "Attached: 📎 Calendar Event");

    public static readonly DigestCardLabels Hebrew = new(
        "קבוצה", "תיאור", "מועד (ממקור הטקסט)", "תאריך יעד", "הודעות רלוונטיות", "Untitled Task", "מצורף: 📎 אירוע ליומן");

    // "he", "he-IL" and the old code "iw" are Hebrew; every other code (and none) falls back to English, as the
    // original did for languages without a locale file.
    public static DigestCardLabels For(string? languageCode)
    {
        var language = (languageCode ?? "").Trim().Split('-', '_')[0].ToLowerInvariant();
        return language is "he" or "iw" ? Hebrew : English;
    }
}

public static class DigestCard
{
    // The caption of an item's calendar document, line for line as the original's (spec/05 §5); *x* is
    // WhatsApp bold and _x_ italic. The group name is the tracked group's display name.
    public static string Caption(ActionItem item, string? groupDisplayName, string? languageCode)
    {
        var labels = DigestCardLabels.For(languageCode);
        var lines = new List<string>
        {
            $"{DigestCardLabels.HeaderIcon} *{(string.IsNullOrEmpty(item.TaskTitle) ? labels.UntitledTask : item.TaskTitle)}*",
            DigestCardLabels.Divider,
        };

        if (!string.IsNullOrEmpty(groupDisplayName))
        {
            lines.Add("");
            lines.Add($"📂 *{labels.Group}*: {groupDisplayName}");
        }

        if (!string.IsNullOrEmpty(item.TaskDescription))
        {
            lines.Add("");
            lines.Add($"📌 *{labels.Description}*: {item.TaskDescription}");
        }

        if (!string.IsNullOrEmpty(item.TextDeadline))
        {
            lines.Add("");
            lines.Add($"⏰ *{labels.DeadlineText}*: {item.TextDeadline}");
        }

        if (!string.IsNullOrEmpty(item.TimestampDeadline))
        {
            lines.Add("");
            lines.Add($"🗓️ *{labels.DeadlineDate}*: {item.TimestampDeadline}");
        }

        lines.Add("");

        if (item.RelevantTaskMessages is { Count: > 0 } messages)
        {
            lines.Add($"💬 *{labels.RelevantMessages}*");
            foreach (var message in messages)
            {
                lines.Add($"> \"_{message.Content}_\"");
                lines.Add($"> — {message.Sender}");
                lines.Add("");
            }
        }

        return string.Join('\n', lines);
    }
}
