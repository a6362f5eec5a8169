using System.Text.Json.Nodes;
using MyChatImposter.ChatProviders;
using MyChatImposter.GroupTracking;
using MyChatImposter.Pipeline;

namespace MyChatImposter.Tests.GroupTracking;

// The thread the model reads, and how a long one is split to fit the prompt budget.
public sealed class ActionItemExtractorTests
{
    private static readonly TimeZoneInfo Jerusalem = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jerusalem");
    private static readonly DateTimeOffset Start = new(2027, 1, 12, 10, 0, 0, TimeSpan.Zero);

    private static ArchivedMessage Message(int id, string text, string? sender = "Mum") => new(
        "ann", "dummy", "120363000000000000@g.us", id, $"m{id}", text, new ChatParty("972500000000@s.whatsapp.net", sender, []),
        MessageSource.User, Start.AddMinutes(id), Start.AddMinutes(id), new ChatGroup("120363000000000000@g.us", "Parents", []));

    [Fact]
    public void The_thread_gives_each_message_its_local_time_sender_and_text_in_order()
    {
        var thread = JsonNode.Parse(ActionItemExtractor.Thread([Message(1, "שלום"), Message(2, "bring cookies", sender: null)], Jerusalem))!.AsArray();

        Assert.Equal(("2027-01-12 12:01", "Mum", "שלום"), ((string?)thread[0]!["when"], (string?)thread[0]!["sender"], (string?)thread[0]!["content"]));
        Assert.Equal(("Unknown", "bring cookies"), ((string?)thread[1]!["sender"], (string?)thread[1]!["content"]));
    }

    [Fact]
    public void A_long_thread_is_split_into_parts_within_the_budget_that_keep_every_message_once_and_in_order()
    {
        var messages = Enumerable.Range(1, 300).Select(id => Message(id, new string('x', 100 + (id % 7)))).ToList();

        var parts = ActionItemExtractor.Parts(messages, Jerusalem, 10_000).ToList();

        Assert.True(parts.Count > 1, $"{parts.Count} part(s)");
        Assert.All(parts, part => Assert.True(part.Length <= 10_000 * 1.2, $"{part.Length} characters"));
        var contents = parts.SelectMany(part => JsonNode.Parse(part)!.AsArray().Select(message => (string?)message!["content"])).ToList();
        Assert.Equal(messages.Select(message => message.Content), contents);
        Assert.Single(ActionItemExtractor.Parts(messages.Take(5).ToList(), Jerusalem, 10_000));
    }
}
