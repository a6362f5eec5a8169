using MyChatImposter.AutoReply;
using MyChatImposter.Configuration;

namespace MyChatImposter.Tests.AutoReply;

// The history rules of spec/04 §4: cut on insert keeping the speaker, trimmed before each call by age, then
// characters, then count.
public sealed class ContextHistoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static ContextConfig Limits(int maxMessages = 10, int maxCharacters = 1000, int maxDays = 1, int maxSingle = 300) =>
        new() { MaxMessages = maxMessages, MaxCharacters = maxCharacters, MaxDays = maxDays, MaxCharactersSingleMessage = maxSingle };

    private static ContextEntry Entry(string content, TimeSpan age = default) => new(content, Now - age, FromBot: false);

    private static IEnumerable<string> Contents(IEnumerable<ContextEntry> entries) => entries.Select(entry => entry.Content);

    [Fact]
    public void A_persons_line_is_cut_after_the_speaker_who_is_kept_whole()
    {
        var line = ContextHistory.PersonLine("TestSender: This is a test message", Limits(maxSingle: 10), Now);

        Assert.Equal(new ContextEntry("TestSender: This is a ", Now, FromBot: false), line);
    }

    [Fact]
    public void A_line_is_split_at_its_first_separator_only()
    {
        Assert.Equal("Dana: time: 8", ContextHistory.CutKeepingPrefix("Dana: time: 8pm sharp", 7));
    }

    [Fact]
    public void A_line_without_a_speaker_is_cut_as_a_whole()
    {
        Assert.Equal("no speak", ContextHistory.CutKeepingPrefix("no speaker here", 8));
    }

    [Fact]
    public void The_bots_reply_is_cut_first_and_prefixed_after()
    {
        var line = ContextHistory.BotLine("Sure, see you at eight", Limits(maxSingle: 4), Now);

        Assert.Equal(new ContextEntry("Bot: Sure", Now, FromBot: true), line);
    }

    [Fact]
    public void Lines_within_the_limit_are_kept_as_they_are()
    {
        Assert.Equal("Dana: hi", ContextHistory.PersonLine("Dana: hi", Limits(), Now).Content);
        Assert.Equal("Bot: hello", ContextHistory.BotLine("hello", Limits(), Now).Content);
    }

    [Fact]
    public void Entries_older_than_max_days_go_first()
    {
        var entries = new[]
        {
            Entry("a", TimeSpan.FromDays(2)),
            Entry("b", TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1)),
            Entry("c", TimeSpan.FromDays(1)),
            Entry("d", TimeSpan.FromHours(1)),
        };

        // Exactly max_days old is not "more than" max_days old.
        Assert.Equal(["c", "d"], Contents(ContextHistory.Trim(entries, Limits(maxDays: 1), Now)));
    }

    [Fact]
    public void Then_the_oldest_go_while_the_characters_with_prefixes_exceed_the_limit()
    {
        var entries = new[] { Entry("Dana: 12345"), Entry("Bot: 123"), Entry("Dana: 1") };

        Assert.Equal(["Bot: 123", "Dana: 1"], Contents(ContextHistory.Trim(entries, Limits(maxCharacters: 15), Now)));
        Assert.Equal(["Dana: 12345", "Bot: 123", "Dana: 1"], Contents(ContextHistory.Trim(entries, Limits(maxCharacters: 26), Now)));
        Assert.Empty(ContextHistory.Trim(entries, Limits(maxCharacters: 6), Now));
    }

    [Fact]
    public void Then_the_oldest_go_until_the_new_question_and_its_answer_fit_under_max_messages()
    {
        var entries = Enumerable.Range(1, 12).Select(index => Entry($"e{index}")).ToArray();

        // The defaults leave 8 entries (4 exchanges) before the question.
        Assert.Equal(Enumerable.Range(5, 8).Select(index => $"e{index}"), Contents(ContextHistory.Trim(entries, Limits(), Now)));
        Assert.Equal(["e12"], Contents(ContextHistory.Trim(entries, Limits(maxMessages: 3), Now)));
    }

    [Fact]
    public void The_rules_apply_in_order_age_characters_count()
    {
        var entries = new[]
        {
            Entry("old but short", TimeSpan.FromDays(3)),
            Entry("0123456789"),
            Entry("0123456789"),
            Entry("x"),
            Entry("y"),
        };

        // Age removes the first; 22 characters exceed 15, so one "0123456789" goes; 3 entries + 2 > 4, so one more.
        Assert.Equal(["x", "y"], Contents(ContextHistory.Trim(entries, Limits(maxMessages: 4, maxCharacters: 15), Now)));
    }

    [Fact]
    public void A_history_within_every_limit_is_returned_unchanged()
    {
        var entries = new[] { Entry("Dana: hi"), Entry("Bot: hello") };

        Assert.Same(entries, ContextHistory.Trim(entries, Limits(), Now));
        Assert.Empty(ContextHistory.Trim([], Limits(), Now));
    }
}
