namespace MyChatImposter.Storage;

// The source as both databases store it: the strings the original wrote in `queues`.
public static class MessageSourceText
{
    public const string User = "user";
    public const string Bot = "bot";
    public const string UserOutgoing = "user_outgoing";

    public static string Format(MessageSource source) => source switch
    {
        MessageSource.User => User,
        MessageSource.Bot => Bot,
        MessageSource.UserOutgoing => UserOutgoing,
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown message source."),
    };

    // An unknown source is an error rather than a guess: read as "user", an old message could reach features.
    public static MessageSource Parse(string text) => text switch
    {
        User => MessageSource.User,
        Bot => MessageSource.Bot,
        UserOutgoing => MessageSource.UserOutgoing,
        _ => throw new FormatException($"An archived message has the unknown source '{text}'."),
    };
}
