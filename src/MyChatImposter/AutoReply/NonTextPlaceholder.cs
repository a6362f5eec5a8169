using System.Text.RegularExpressions;

namespace MyChatImposter.AutoReply;

// What the WhatsApp bridge writes instead of anything that is not text (spec/02 §2, spec/10): reactions,
// stickers, images and other media, whose captions it drops. The bot does not answer these (the original
// answered "[User sent a non-text message: reactionMessage]" like any text).
public static partial class NonTextPlaceholder
{
    public static bool IsPlaceholder(string content) => Pattern().IsMatch(content);

    [GeneratedRegex(@"^\[User sent a non-text message: [^\]\r\n]*\]$")]
    private static partial Regex Pattern();
}
