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
// is needed to send one's own words, and a bare "ok" or "no" applies only when exactly one draft waits. A
// reply to a draft notice (WhatsApp's quote) names its draft: "ok" or "no" decide it, any other text is the
// owner's words for it.
public sealed partial record SelfChatCommand(SelfChatAction Action, long? DraftNumber = null, string? Text = null)
{
    public static SelfChatCommand? Parse(string text, string? quotedText = null)
    {
        var trimmed = text.Trim();
        long? quotedDraft = quotedText is not null && DraftNotice().Match(quotedText) is { Success: true } notice
            ? long.Parse(notice.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture)
            : null;
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
        // A number written wins over the quoted notice's.
        if (Verdict().Match(trimmed) is { Success: true } verdict)
        {
            long? number = verdict.Groups["number"].Success
                ? long.Parse(verdict.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture)
                : quotedDraft;
            return new SelfChatCommand(IsApproval(verdict.Groups["word"].Value) ? SelfChatAction.Approve : SelfChatAction.Reject, number);
        }
        if (Replacement().Match(trimmed) is { Success: true } replacement
            && long.TryParse(replacement.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture, out var draft))
        {
            return new SelfChatCommand(SelfChatAction.Replace, draft, replacement.Groups["text"].Value.Trim());
        }
        return quotedDraft is { } answered && trimmed.Length > 0 ? new SelfChatCommand(SelfChatAction.Replace, answered, trimmed) : null;
    }

    private static bool IsApproval(string word) => word.ToLowerInvariant() is "ok" or "👍" or "yes";

    // The first line OwnerDesk writes for a draft: "📝 Draft 12 · reply to Dana".
    [GeneratedRegex(@"^📝 Draft (?<number>\d{1,12}) ")]
    private static partial Regex DraftNotice();

    [GeneratedRegex(@"^#bot\s+(?<verb>on|off|status)(?:\s+(?<who>.+))?$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex BotCommand();

    [GeneratedRegex(@"^(?<word>ok|yes|no|👍|👎)[.!]?(?:\s+#?(?<number>\d{1,12}))?$", RegexOptions.IgnoreCase)]
    private static partial Regex Verdict();

    [GeneratedRegex(@"^#?(?<number>\d{1,12})\s*[:\-–]?\s+(?<text>\S.*)$", RegexOptions.Singleline)]
    private static partial Regex Replacement();
}
