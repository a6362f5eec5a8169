namespace MyChatImposter.AutoReply;

// One line of a bot's conversation history: a person's line ("Dana: see you at 8") or the bot's own
// ("Bot: great!"), and when it was added.
public sealed record ContextEntry(string Content, DateTimeOffset AddedAt, bool FromBot);

// The rules of the history the bot is prompted with (spec/04 §4, limits from context_config).
public static class ContextHistory
{
    public const string BotPrefix = "Bot: ";
    private const string NameSeparator = ": ";

    // "<speaker>: <content>", the content cut to the single-message limit and the speaker kept whole.
    public static ContextEntry PersonLine(string line, ContextConfig limits, DateTimeOffset now) =>
        new(CutKeepingPrefix(line, limits.MaxCharactersSingleMessage), now, FromBot: false);

    // "Bot: <reply>", the reply cut to the single-message limit before the prefix is added.
    public static ContextEntry BotLine(string reply, ContextConfig limits, DateTimeOffset now) =>
        new(BotPrefix + Cut(reply, limits.MaxCharactersSingleMessage), now, FromBot: true);

    // A line is split at its first ": " and only the part after it is cut, so "TestSender: This is a test"
    // with a limit of 10 keeps "TestSender: This is a "; a line without ": " is cut as a whole.
    public static string CutKeepingPrefix(string line, int limit)
    {
        var separator = line.IndexOf(NameSeparator, StringComparison.Ordinal);
        if (separator < 0)
        {
            return Cut(line, limit);
        }
        var prefixLength = separator + NameSeparator.Length;
        return line[..prefixLength] + Cut(line[prefixLength..], limit);
    }

    // What is left for the next prompt, oldest dropped first: entries older than max_days, then while the
    // characters (prefixes included) exceed max_characters, then while the entries leave no room under
    // max_messages for the new question and its answer. The new question counts against none of these.
    public static IReadOnlyList<ContextEntry> Trim(IReadOnlyList<ContextEntry> entries, ContextConfig limits, DateTimeOffset now)
    {
        var oldestAllowed = now - TimeSpan.FromDays(limits.MaxDays);
        var start = 0;
        while (start < entries.Count && entries[start].AddedAt < oldestAllowed)
        {
            start++;
        }
        var characters = entries.Skip(start).Sum(entry => entry.Content.Length);
        while (start < entries.Count && characters > limits.MaxCharacters)
        {
            characters -= entries[start].Content.Length;
            start++;
        }
        while (start < entries.Count && entries.Count - start + 2 > limits.MaxMessages)
        {
            start++;
        }
        return start == 0 ? entries : [.. entries.Skip(start)];
    }

    private static string Cut(string text, int limit) => text.Length > limit ? text[..limit] : text;
}
