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
    [InlineData("buy milk")]
    [InlineData("ok then, see you")]
    [InlineData("no way")]
    [InlineData("12")]
    [InlineData("#bot off")]
    [InlineData("#bot maybe")]
    [InlineData("📝 Draft 3 · reply to Dana")]
    public void Notes_to_self_are_left_alone(string text) => Assert.Null(SelfChatCommand.Parse(text));
}
