namespace MyChatImposter.AutoReply;

// What a person wrote, as the bot is told it and remembers it: "<speaker>: <content>".
public sealed record Utterance(string Speaker, string Content)
{
    public string Line => $"{Speaker}: {Content}";
}
