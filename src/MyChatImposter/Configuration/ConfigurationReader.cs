using System.Text.Unicode;

namespace MyChatImposter.Configuration;

// Turns a request body into a validated configuration, or into every error found, keyed by JSON path.
// The serializer alone stops at the first problem and reports missing members only as prose, so the body
// is first checked against the serializer's own metadata (JsonDocumentShape), which lists all wrong
// types, nulls and missing members at once.
public static class ConfigurationReader
{
    public static ConfigurationReadResult Read(ReadOnlySpan<byte> utf8Json, LlmOptions llmOptions)
    {
        utf8Json = SkipByteOrderMark(utf8Json);
        // The reader checks the bytes of strings only when they are read as strings, so bad UTF-8 inside a
        // value would surface later as a type error; it is a syntax error.
        if (!Utf8.IsValid(utf8Json))
        {
            return Failed(Single(DocumentPath.Root, "is not valid JSON: the body is not valid UTF-8."), isMalformedJson: true);
        }

        JsonDocument document;
        try
        {
            document = Parse(utf8Json);
        }
        catch (JsonException exception)
        {
            return Failed(Single(DocumentPath.Root, $"is not valid JSON: {exception.Message}"), isMalformedJson: true);
        }

        using (document)
        {
            var shapeErrors = new ConfigurationErrors();
            try
            {
                JsonDocumentShape.Check(document.RootElement, shapeErrors);
            }
            catch (InvalidOperationException)
            {
                // A member name such as "\udc00" is well-formed JSON that no string can hold.
                return Failed(Single(DocumentPath.Root, "is not valid JSON: a member name is not valid Unicode text."), isMalformedJson: true);
            }
            if (!shapeErrors.IsEmpty)
            {
                return Failed(shapeErrors.ToDictionary(), isMalformedJson: false);
            }
        }

        UserConfiguration configuration;
        try
        {
            configuration = JsonSerializer.Deserialize<UserConfiguration>(utf8Json, ConfigurationJson.Options)
                ?? throw new JsonException("A configuration document cannot be null.");
        }
        catch (JsonException exception)
        {
            // Only reached if the shape check and the serializer ever disagree; the path still names the field.
            return Failed(Single(DocumentPath.FromJsonExceptionPath(exception.Path), exception.Message), isMalformedJson: false);
        }

        var ruleErrors = ConfigurationValidator.Validate(configuration, llmOptions);
        return ruleErrors.Count == 0
            ? new ConfigurationReadResult(configuration, ruleErrors, IsMalformedJson: false)
            : Failed(ruleErrors, isMalformedJson: false);
    }

    // Exactly one JSON value; comments, trailing commas and trailing content are syntax errors.
    private static JsonDocument Parse(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions
        {
            AllowTrailingCommas = false,
            CommentHandling = JsonCommentHandling.Disallow,
        });
        var document = JsonDocument.ParseValue(ref reader);
        try
        {
            if (reader.Read())
            {
                throw new JsonException("Unexpected content after the JSON document.");
            }
        }
        catch
        {
            document.Dispose();
            throw;
        }
        return document;
    }

    private static ReadOnlySpan<byte> SkipByteOrderMark(ReadOnlySpan<byte> utf8Json) =>
        utf8Json.StartsWith("\uFEFF"u8) ? utf8Json[3..] : utf8Json;

    private static IReadOnlyDictionary<string, string[]> Single(string path, string message) =>
        new Dictionary<string, string[]>(StringComparer.Ordinal) { [path] = [message] };

    private static ConfigurationReadResult Failed(IReadOnlyDictionary<string, string[]> errors, bool isMalformedJson) =>
        new(Configuration: null, errors, isMalformedJson);
}
