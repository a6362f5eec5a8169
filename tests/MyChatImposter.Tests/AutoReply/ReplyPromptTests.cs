using Microsoft.Extensions.AI;
using MyChatImposter.AutoReply;
using MyChatImposter.ChatProviders;

namespace MyChatImposter.Tests.AutoReply;

public sealed class ReplyPromptTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static IEnumerable<(ChatRole Role, string Text)> Shape(IEnumerable<ChatMessage> messages) =>
        messages.Select(message => (message.Role, message.Text));

    [Theory]
    [InlineData("You are {user_id}.", "You are ann.")]
    [InlineData("{user_id} / {user_id}", "ann / ann")]
    [InlineData("Reply as {name} would; JSON like {\"a\": 1} stays; {{user_id}} too", "Reply as {name} would; JSON like {\"a\": 1} stays; {ann} too")]
    [InlineData("{USER_ID} is not the placeholder", "{USER_ID} is not the placeholder")]
    [InlineData("", "")]
    public void The_persona_is_plain_text_with_only_user_id_replaced(string template, string persona) =>
        Assert.Equal(persona, ReplyPrompt.Persona(template, "ann"));

    [Fact]
    public void The_persona_comes_first_then_the_history_then_the_message_to_answer()
    {
        var messages = ReplyPrompt.Build(
            "You are ann.",
            [new ContextEntry("Dana: dinner?", At, FromBot: false), new ContextEntry("Bot: sure, at 8", At, FromBot: true)],
            [new Utterance("Dana", "where?")]);

        Assert.Equal(
            [(ChatRole.System, "You are ann."), (ChatRole.User, "Dana: dinner?"), (ChatRole.Assistant, "sure, at 8"), (ChatRole.User, "Dana: where?")],
            Shape(messages));
    }

    [Fact]
    public void Several_waiting_messages_are_each_one_human_message_with_their_own_speaker()
    {
        var messages = ReplyPrompt.Build("persona", [], [new Utterance("Mum", "who brings cake?"), new Utterance("Dad", "not me")]);

        Assert.Equal([(ChatRole.System, "persona"), (ChatRole.User, "Mum: who brings cake?"), (ChatRole.User, "Dad: not me")], Shape(messages));
    }

    [Fact]
    public void A_blank_persona_sends_no_system_message()
    {
        var messages = ReplyPrompt.Build("  ", [], [new Utterance("Dana", "hi")]);

        Assert.Equal([(ChatRole.User, "Dana: hi")], Shape(messages));
    }

    [Fact]
    public void A_person_whose_line_starts_like_the_bots_stays_a_person()
    {
        var messages = ReplyPrompt.Build("p", [new ContextEntry("Bot: I am a person called Bot", At, FromBot: false)], [new Utterance("Bot", "hi")]);

        Assert.Equal([(ChatRole.System, "p"), (ChatRole.User, "Bot: I am a person called Bot"), (ChatRole.User, "Bot: hi")], Shape(messages));
    }

    [Theory]
    [InlineData("Dana Cohen", "118472993856789@lid", "Dana Cohen")]
    [InlineData("  Dana  ", "118472993856789@lid", "Dana")]
    [InlineData(null, "972501234567@s.whatsapp.net", "+972501234567")]
    [InlineData("", "972501234567:3@s.whatsapp.net", "+972501234567")]
    // A LID without a name: the phone JID among its alternates names the sender.
    [InlineData(null, "118472993856789@lid", "+972501234567")]
    public void The_speaker_is_the_display_name_or_else_the_phone_number(string? displayName, string identifier, string speaker)
    {
        var alternates = identifier.EndsWith("@lid", StringComparison.Ordinal) ? new[] { identifier, "972501234567@s.whatsapp.net" } : [identifier];

        Assert.Equal(speaker, ReplyPrompt.SpeakerName(new ChatParty(identifier, displayName, alternates)));
    }

    [Fact]
    public void A_sender_with_neither_name_nor_phone_is_named_by_its_identifier_never_None()
    {
        Assert.Equal("118472993856789@lid", ReplyPrompt.SpeakerName(new ChatParty("118472993856789@lid", null, ["118472993856789@lid"])));
        Assert.Equal("alice", ReplyPrompt.SpeakerName(new ChatParty("alice", null, [])));
    }
}
