using System.Text.Json;
using MyChatImposter.GroupTracking;

namespace MyChatImposter.Tests.GroupTracking;

public sealed class ActionItemTests
{
    private const string OneItem = """
        [
          {
            "relevant_task_messages": [
              {"originating_time": 1765000000000, "sender": "Dana", "content": "Trip payment by Thursday"}
            ],
            "text_deadline": "by Thursday",
            "timestamp_deadline": "2026-12-10 12:00:00",
            "task_title": "Pay for the trip",
            "task_description": "Pay 50 NIS to Dana."
          }
        ]
        """;

    [Fact]
    public void A_plain_array_gives_its_items_with_the_original_fields()
    {
        var answer = ActionItemAnswerParser.Parse(OneItem);

        Assert.True(answer.IsValid);
        var item = Assert.Single(answer.Items);
        Assert.Equal("Pay for the trip", item.TaskTitle);
        Assert.Equal("Pay 50 NIS to Dana.", item.TaskDescription);
        Assert.Equal("by Thursday", item.TextDeadline);
        Assert.Equal("2026-12-10 12:00:00", item.TimestampDeadline);
        var message = Assert.Single(item.RelevantTaskMessages!);
        Assert.Equal("1765000000000", message.OriginatingTime);
        Assert.Equal("Dana", message.Sender);
        Assert.Equal("Trip payment by Thursday", message.Content);
        Assert.Null(item.AllDay);
        Assert.Null(item.Cancelled);
    }

    [Theory]
    [InlineData("```json\n" + OneItem + "\n```")]
    [InlineData("```\n" + OneItem + "\n```")]
    [InlineData("  \n```json" + OneItem + "```  \n")]
    public void A_fenced_answer_is_unwrapped(string text)
    {
        var answer = ActionItemAnswerParser.Parse(text);

        Assert.True(answer.IsValid);
        Assert.Equal("Pay for the trip", Assert.Single(answer.Items).TaskTitle);
    }

    [Fact]
    public void Escaped_apostrophes_are_unescaped_before_parsing()
    {
        // \' is not a JSON escape: left in, the whole answer would fail to parse.
        var answer = ActionItemAnswerParser.Parse("""[{"task_title": "Dana\'s party", "task_description": "Bring the kids\' gifts"}]""");

        Assert.True(answer.IsValid);
        var item = Assert.Single(answer.Items);
        Assert.Equal("Dana's party", item.TaskTitle);
        Assert.Equal("Bring the kids' gifts", item.TaskDescription);
    }

    [Fact]
    public void An_empty_array_is_a_valid_answer_with_no_items()
    {
        var answer = ActionItemAnswerParser.Parse("```json\n[]\n```");

        Assert.True(answer.IsValid);
        Assert.Empty(answer.Items);
        Assert.Null(answer.Failure);
    }

    [Theory]
    [InlineData("[Error: the provider timed out]")]
    [InlineData("Something went wrong [Error 500]")]
    public void An_error_text_is_invalid_not_empty(string text)
    {
        var answer = ActionItemAnswerParser.Parse(text);

        Assert.False(answer.IsValid);
        Assert.Contains("error text", answer.Failure);
    }

    [Fact]
    public void An_array_quoting_an_error_text_is_still_read()
    {
        // The original dropped every answer containing "[Error" (spec/14 §33), even a message quoting one.
        var answer = ActionItemAnswerParser.Parse("""[{"task_title": "Fix the form", "task_description": "It shows [Error 42] on submit"}]""");

        Assert.True(answer.IsValid);
        Assert.Equal("It shows [Error 42] on submit", Assert.Single(answer.Items).TaskDescription);
    }

    [Theory]
    [InlineData("""{"task_title": "not in an array"}""", "not an array")]
    [InlineData("\"just a string\"", "not an array")]
    [InlineData("[1, 2]", "not an object")]
    [InlineData("I could not find any tasks.", "not JSON")]
    [InlineData("[{\"task_title\": ", "not JSON")]
    [InlineData("", "empty")]
    [InlineData("""[{"relevant_task_messages": [{"originating_time": {"ms": 1}}]}]""", "shape")]
    public void Answers_that_are_not_an_array_of_items_are_invalid(string text, string reason)
    {
        var answer = ActionItemAnswerParser.Parse(text);

        Assert.False(answer.IsValid);
        Assert.Empty(answer.Items);
        Assert.Contains(reason, answer.Failure);
    }

    [Fact]
    public void Prose_around_the_array_falls_back_to_the_first_to_last_bracket()
    {
        var answer = ActionItemAnswerParser.Parse("Here are the items:\n" + OneItem + "\nHope this helps.");

        Assert.True(answer.IsValid);
        Assert.Equal("Pay for the trip", Assert.Single(answer.Items).TaskTitle);
    }

    [Fact]
    public void A_structured_output_object_holding_the_items_is_read()
    {
        var answer = ActionItemAnswerParser.Parse("{\"items\": " + OneItem + "}");

        Assert.True(answer.IsValid);
        Assert.Single(answer.Items);
    }

    [Fact]
    public void Originating_time_may_be_a_number_or_a_string()
    {
        var answer = ActionItemAnswerParser.Parse("""
            [{"relevant_task_messages": [
              {"originating_time": 1765000000000, "sender": "Dana", "content": "a"},
              {"originating_time": "1765000060000", "sender": "Omer", "content": "b"},
              {"originating_time": "2026-12-06 10:15", "sender": null, "content": "c"}
            ]}]
            """);

        Assert.True(answer.IsValid);
        var messages = Assert.Single(answer.Items).RelevantTaskMessages!;
        Assert.Equal(["1765000000000", "1765000060000", "2026-12-06 10:15"], messages.Select(message => message.OriginatingTime));
        Assert.Null(messages[2].Sender);
    }

    [Fact]
    public void The_new_optional_fields_are_read()
    {
        var answer = ActionItemAnswerParser.Parse("""
            [{"task_title": "Rehearsal", "all_day": false, "location": "Hall B", "kind": "event", "cancelled": true}]
            """);

        var item = Assert.Single(answer.Items);
        Assert.False(item.AllDay);
        Assert.Equal("Hall B", item.Location);
        Assert.Equal(ActionItemKinds.Event, item.Kind);
        Assert.True(item.Cancelled);
    }

    [Fact]
    public void Extra_fields_are_kept_and_written_back_with_the_original_names()
    {
        var answer = ActionItemAnswerParser.Parse("""
            [{"task_title": "Pay", "priority": "high", "tags": ["money"],
              "relevant_task_messages": [{"originating_time": 1765000000000, "sender": "Dana", "content": "x", "message_id": "wa-1"}]}]
            """);

        var item = Assert.Single(answer.Items);
        Assert.Equal("high", item.Extra!["priority"].GetString());
        Assert.Equal("wa-1", item.RelevantTaskMessages![0].Extra!["message_id"].GetString());

        // As the original queued it: the model's fields, extras included, none of the absent new ones.
        using var written = JsonDocument.Parse(JsonSerializer.Serialize(item));
        var root = written.RootElement;
        Assert.Equal("high", root.GetProperty("priority").GetString());
        Assert.Equal("money", root.GetProperty("tags")[0].GetString());
        Assert.Equal(1765000000000, root.GetProperty("relevant_task_messages")[0].GetProperty("originating_time").GetInt64());
        Assert.Equal("Pay", root.GetProperty("task_title").GetString());
        Assert.False(root.TryGetProperty("all_day", out _));
        Assert.False(root.TryGetProperty("cancelled", out _));
    }

    [Fact]
    public void A_text_field_given_as_another_json_type_keeps_its_text()
    {
        var answer = ActionItemAnswerParser.Parse("""[{"task_title": 42, "text_deadline": null, "task_description": ["a", "b"]}]""");

        var item = Assert.Single(answer.Items);
        Assert.Equal("42", item.TaskTitle);
        Assert.Null(item.TextDeadline);
        Assert.Equal("""["a", "b"]""", item.TaskDescription);
    }
}
