namespace MyChatImposter.Pages.Bots;

// A bot's configuration as a file: what Export downloads is the document as the editor shows it (the key
// masked), and Import reads such a file back as text for the editor's save. A masked key imported back
// keeps the stored key, so exporting and importing again leaves the stored document as it was.
public static class ConfigurationFile
{
    public const string ContentType = "application/json";

    // Whatever is imported must also fit in one request of at most 80 000 bytes (RequestBodyLimit), with the
    // form around the file; a document the API accepts is smaller than this.
    public const int MaxBytes = 64 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string FileName(string userId) => $"{userId}-configuration.json";

    public static byte[] Contents(UserConfiguration masked) => StrictUtf8.GetBytes(ConfigurationText.Pretty(masked) + "\n");

    // The file's text, or why it cannot be a configuration file at all (what it says is the save's to judge).
    public static async Task<(string? Text, string? Problem)> ReadAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            return (null, "Choose a configuration file (.json) to import.");
        }
        if (file.Length > MaxBytes)
        {
            return (null, $"The file is {(file.Length + 1023) / 1024} KB; a configuration file may be at most {MaxBytes / 1024} KB.");
        }
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, cancellationToken);
        try
        {
            return (StrictUtf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, "The file is not UTF-8 text, so it cannot be a configuration exported from here.");
        }
    }
}
