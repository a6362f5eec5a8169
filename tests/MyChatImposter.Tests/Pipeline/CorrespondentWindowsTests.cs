using Microsoft.Extensions.Time.Testing;
using MyChatImposter.Configuration;
using MyChatImposter.Pipeline;

namespace MyChatImposter.Tests.Pipeline;

public sealed class CorrespondentWindowsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    private CorrespondentWindows Windows(int maxMessages = 10, int maxCharacters = 1000, int maxDays = 1, int maxSingle = 300) =>
        new(new QueueConfig { MaxMessages = maxMessages, MaxCharacters = maxCharacters, MaxDays = maxDays, MaxCharactersSingleMessage = maxSingle }, _time);

    private ArchivedMessage Message(long id, string content, string correspondent = "alice") =>
        TestMessages.Archived(correspondent, id, content, _time.GetUtcNow());

    [Fact]
    public void A_long_message_is_cut_to_the_single_message_limit_keeping_its_start()
    {
        var window = Windows(maxSingle: 5).Add(Message(1, "abcdefghij"));

        Assert.Equal("abcde", Assert.Single(window).Content);
    }

    [Fact]
    public void The_oldest_messages_leave_by_count()
    {
        var windows = Windows(maxMessages: 3);
        foreach (var id in Enumerable.Range(1, 5))
        {
            windows.Add(Message(id, $"m{id}"));
        }

        Assert.Equal([3L, 4L, 5L], windows.Snapshot("alice").Select(message => message.Id));
    }

    [Fact]
    public void The_oldest_messages_leave_until_the_new_one_fits_the_character_total()
    {
        var windows = Windows(maxCharacters: 10);
        windows.Add(Message(1, "aaaa"));
        windows.Add(Message(2, "bbbb"));

        var window = windows.Add(Message(3, "cccccc"));

        Assert.Equal([2L, 3L], window.Select(message => message.Id));
    }

    [Fact]
    public void A_new_message_is_always_accepted_even_alone_over_the_character_total()
    {
        var windows = Windows(maxCharacters: 10, maxSingle: 300);
        windows.Add(Message(1, "aaaa"));

        var window = windows.Add(Message(2, new string('x', 50)));

        Assert.Equal(2L, Assert.Single(window).Id);
    }

    [Fact]
    public void Messages_older_than_max_days_leave_first()
    {
        var windows = Windows(maxDays: 1);
        windows.Add(Message(1, "old"));
        _time.Advance(TimeSpan.FromHours(23));
        windows.Add(Message(2, "recent"));
        _time.Advance(TimeSpan.FromHours(2));

        var window = windows.Add(Message(3, "now"));

        Assert.Equal([2L, 3L], window.Select(message => message.Id));
    }

    [Fact]
    public void Eviction_order_is_age_then_characters_then_count()
    {
        var windows = Windows(maxMessages: 3, maxCharacters: 12, maxDays: 1);
        windows.Add(Message(1, "aaaa"));
        _time.Advance(TimeSpan.FromDays(2));
        windows.Add(Message(2, "bbbb"));
        windows.Add(Message(3, "cccc"));

        // Age removes 1; then 8 + 6 > 12 removes 2; then 2 messages < 3 keeps 3.
        var window = windows.Add(Message(4, "dddddd"));

        Assert.Equal([3L, 4L], window.Select(message => message.Id));
    }

    [Fact]
    public void Correspondents_have_separate_windows_and_clear_empties_one_or_all()
    {
        var windows = Windows();
        windows.Add(Message(1, "to alice"));
        windows.Add(Message(1, "to bob", "bob"));

        windows.Clear("alice");
        Assert.Empty(windows.Snapshot("alice"));
        Assert.Single(windows.Snapshot("bob"));
        windows.Clear(null);
        Assert.Empty(windows.Snapshot("bob"));
    }
}
