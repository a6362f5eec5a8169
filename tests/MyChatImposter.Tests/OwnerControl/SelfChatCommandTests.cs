using MyChatImposter.OwnerControl;

namespace MyChatImposter.Tests.OwnerControl;

// What the owner writes in their own chat, read as an instruction, and what stays a note to self.
public sealed class SelfChatCommandTests
{
    [Theory]
    [InlineData("ok", SelfChatAction.Approve, null, null)]
    [InlineData("OK!", SelfChatAction.Approve, null, null)]
    [InlineData("👍", SelfChatAction.Approve, null, null)]
    [InlineData("ok 12", SelfChatAction.Approve, 12L, null)]
    [InlineData("👍 #12", SelfChatAction.Approve, 12L, null)]
    [InlineData("no", SelfChatAction.Reject, null, null)]
    [InlineData(" no 7 ", SelfChatAction.Reject, 7L, null)]
    [InlineData("12 Half past eight", SelfChatAction.Replace, 12L, "Half past eight")]
    [InlineData("12: see you\nthere", SelfChatAction.Replace, 12L, "see you\nthere")]
    [InlineData("#bot on Dana", SelfChatAction.HandBack, null, "Dana")]
    [InlineData("#BOT on", SelfChatAction.HandBack, null, null)]
    [InlineData("#bot off Mum's group", SelfChatAction.TakeOver, null, "Mum's group")]
    [InlineData("#bot status", SelfChatAction.Status, null, null)]
    public void Instructions_are_read(string text, SelfChatAction action, long? number, string? argument)
    {
        var command = SelfChatCommand.Parse(text);

        Assert.Equal(new SelfChatCommand(action, number, argument), command);
    }

    [Theory]
    [InlineData("ok", SelfChatAction.Approve, 12L, null)]
    [InlineData("👍", SelfChatAction.Approve, 12L, null)]
    [InlineData("no", SelfChatAction.Reject, 12L, null)]
    [InlineData("ok 3", SelfChatAction.Approve, 3L, null)]
    [InlineData(" Half past eight, see you ", SelfChatAction.Replace, 12L, "Half past eight, see you")]
    [InlineData("#bot status", SelfChatAction.Status, null, null)]
    public void A_reply_to_a_draft_notice_answers_that_draft_unless_it_names_another(
        string text, SelfChatAction action, long? number, string? words)
    {
        var command = SelfChatCommand.Parse(text, quotedText: "📝 Draft 12 · reply to Dana");

        Assert.Equal(new SelfChatCommand(action, number, words), command);
    }

    [Fact]
    public void A_reply_to_anything_else_is_still_a_note_to_self() =>
        Assert.Null(SelfChatCommand.Parse("buy milk", quotedText: "The bot answers again: Dana."));

    [Theory]
    [InlineData("buy milk")]
    [InlineData("ok then, see you")]
    [InlineData("no way")]
    [InlineData("12")]
    [InlineData("#bot off")]
    [InlineData("#bot maybe")]
    [InlineData("📝 Draft 3 · reply to Dana")]
    public void Notes_to_self_are_left_alone(string text) => Assert.Null(SelfChatCommand.Parse(text));
}
