using System.Text.RegularExpressions;

namespace MyChatImposter.OwnerControl;

public enum SelfChatAction
{
    Approve,      // "ok", "👍", "ok 12"
    Reject,       // "no", "👎", "no 12"
    Replace,      // "12 <your words>" or "12: <your words>"
    HandBack,     // "#bot on <contact>", "#bot on" (every conversation)
    TakeOver,     // "#bot off <contact>"
    Status,       // "#bot status"
}

// What the owner wrote in their own chat ("Message yourself"), read as an instruction to the bot. Anything
// else there is a note to self and is left alone, so every form is short but unmistakable: a draft's number
// is needed to send one's own words, and a bare "ok" or "no" applies only when exactly one draft waits.
public sealed partial record SelfChatCommand(SelfChatAction Action, long? DraftNumber = null, string? Text = null)
{
    public static SelfChatCommand? Parse(string text)
    {
        var trimmed = text.Trim();
        if (BotCommand().Match(trimmed) is { Success: true } bot)
        {
            var argument = bot.Groups["who"].Success ? bot.Groups["who"].Value.Trim() : null;
            return bot.Groups["verb"].Value.ToLowerInvariant() switch
            {
                "on" => new SelfChatCommand(SelfChatAction.HandBack, Text: argument),
                "off" when argument is not null => new SelfChatCommand(SelfChatAction.TakeOver, Text: argument),
                "status" => new SelfChatCommand(SelfChatAction.Status),
                _ => null,
            };
        }
        if (Verdict().Match(trimmed) is { Success: true } verdict)
        {
            long? number = verdict.Groups["number"].Success ? long.Parse(verdict.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
            var approve = verdict.Groups["word"].Value.ToLowerInvariant() is "ok" or "👍" or "yes";
            return new SelfChatCommand(approve ? SelfChatAction.Approve : SelfChatAction.Reject, number);
        }
        if (Replacement().Match(trimmed) is { Success: true } replacement
            && long.TryParse(replacement.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture, out var draft))
        {
            return new SelfChatCommand(SelfChatAction.Replace, draft, replacement.Groups["text"].Value.Trim());
        }
        return null;
    }

    [GeneratedRegex(@"^#bot\s+(?<verb>on|off|status)(?:\s+(?<who>.+))?$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex BotCommand();

    [GeneratedRegex(@"^(?<word>ok|yes|no|👍|👎)[.!]?(?:\s+#?(?<number>\d{1,12}))?$", RegexOptions.IgnoreCase)]
    private static partial Regex Verdict();

    [GeneratedRegex(@"^#?(?<number>\d{1,12})\s*[:\-–]?\s+(?<text>\S.*)$", RegexOptions.Singleline)]
    private static partial Regex Replacement();
}
