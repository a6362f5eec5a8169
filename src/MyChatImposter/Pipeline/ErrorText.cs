namespace MyChatImposter.Pipeline;

// How a failure is written into a record people read later (dead letters, a delivery item's last error):
// the exception's type and message, never a message body, and cut so one odd exception cannot bloat the row.
public static class ErrorText
{
    public const int MaxLength = 2_000;

    public static string Of(Exception error) => Cut($"{error.GetType().Name}: {error.Message}");

    public static string Cut(string text) => text.Length <= MaxLength ? text : text[..MaxLength];
}
