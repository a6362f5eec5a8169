namespace MyChatImposter.GroupTracking;

// One action item as the LLM returns it (spec/05 §4). The five original fields keep the original's JSON names
// so existing prompts, recorded answers and the fake provider's canned answers keep working; the four new
// fields are optional and left out when absent, so a written item has the original shape.
public sealed record ActionItem
{
    [JsonPropertyName("relevant_task_messages")]
    public IReadOnlyList<ActionItemMessage>? RelevantTaskMessages { get; init; }

    // The sender's own wording of the deadline, or empty.
    [JsonPropertyName("text_deadline")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? TextDeadline { get; init; }

    // "yyyy-mm-dd hh:mm:ss" in the user's zone, or empty; 12:00:00 means the messages gave no hour.
    [JsonPropertyName("timestamp_deadline")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? TimestampDeadline { get; init; }

    [JsonPropertyName("task_title")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? TaskTitle { get; init; }

    [JsonPropertyName("task_description")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? TaskDescription { get; init; }

    // New: true for a whole-day item, false when the time (even 12:00:00) is meant; null when not said.
    [JsonPropertyName("all_day")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? AllDay { get; init; }

    [JsonPropertyName("location")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Location { get; init; }

    // "task" or "event" (ActionItemKinds); anything else is kept as sent.
    [JsonPropertyName("kind")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Kind { get; init; }

    [JsonPropertyName("cancelled")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Cancelled { get; init; }

    // The original put the model's items into the queue as returned, extra fields included (and the runner
    // adds group_display_name); they travel on here.
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

public static class ActionItemKinds
{
    public const string Task = "task";
    public const string Event = "event";
}

// A message the item was drawn from, copied by the model from its input.
public sealed record ActionItemMessage
{
    // Milliseconds since the epoch in the original's data, but the model sees only local "when" strings and
    // may copy either: a number is kept as its digits, a string as written.
    [JsonPropertyName("originating_time")]
    [JsonConverter(typeof(OriginatingTimeConverter))]
    public string? OriginatingTime { get; init; }

    [JsonPropertyName("sender")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Sender { get; init; }

    [JsonPropertyName("content")]
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Content { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

// What became of a model's answer: its items (possibly none), or why the answer is unusable. The caller
// retries an unusable answer; an empty list is a valid "nothing to do".
public sealed record ActionItemAnswer(IReadOnlyList<ActionItem> Items, string? Failure)
{
    public bool IsValid => Failure is null;

    public static ActionItemAnswer Valid(IReadOnlyList<ActionItem> items) => new(items, null);

    public static ActionItemAnswer Invalid(string failure) => new([], failure);
}

public static class ActionItemAnswerParser
{
    private static readonly JsonSerializerOptions Options = new() { AllowTrailingCommas = true, ReadCommentHandling = JsonCommentHandling.Skip };

    // spec/05 §4 "Response handling", with two departures:
    // 1. "[Error" no longer discards a parseable array (a message may quote an error text, spec/14 §33); an
    //    answer that does not parse and contains "[Error" is the provider's error text: invalid, so retried.
    // 2. Invalid answers are told apart from empty ones; the evals' fallback (first '[' … last ']') is used
    //    for answers with prose around the array, and an object holding the array under "items" (the root
    //    shape structured output requires) is accepted.
    public static ActionItemAnswer Parse(string? answer)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return ActionItemAnswer.Invalid("the answer is empty");
        }

        var text = StripFences(answer.Replace("\\'", "'", StringComparison.Ordinal).Trim());
        if (TryParseItems(text, out var items, out var failure))
        {
            return ActionItemAnswer.Valid(items);
        }

        if (text.Contains("[Error", StringComparison.Ordinal))
        {
            return ActionItemAnswer.Invalid("the answer is an error text: " + Shorten(text));
        }

        var first = text.IndexOf('[');
        var last = text.LastIndexOf(']');
        if (first >= 0 && last > first && (first > 0 || last < text.Length - 1)
            && TryParseItems(text[first..(last + 1)], out items, out _))
        {
            return ActionItemAnswer.Valid(items);
        }

        return ActionItemAnswer.Invalid(failure);
    }

    private static string StripFences(string text)
    {
        if (text.StartsWith("```json", StringComparison.OrdinalIgnoreCase))
        {
            text = text[7..];
        }
        else if (text.StartsWith("```", StringComparison.Ordinal))
        {
            text = text[3..];
        }

        if (text.EndsWith("```", StringComparison.Ordinal))
        {
            text = text[..^3];
        }

        return text.Trim();
    }

    private static bool TryParseItems(string text, out IReadOnlyList<ActionItem> items, out string failure)
    {
        items = [];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException error)
        {
            failure = "the answer is not JSON: " + error.Message;
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("items", out var wrapped))
            {
                root = wrapped;
            }

            if (root.ValueKind != JsonValueKind.Array)
            {
                failure = $"the answer is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an array";
                return false;
            }

            var parsed = new List<ActionItem>();
            foreach (var element in root.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.Object)
                {
                    failure = $"item {parsed.Count + 1} is a JSON {element.ValueKind.ToString().ToLowerInvariant()}, not an object";
                    return false;
                }

                try
                {
                    parsed.Add(element.Deserialize<ActionItem>(Options)!);
                }
                catch (JsonException error)
                {
                    failure = $"item {parsed.Count + 1} does not have the item's shape: {error.Message}";
                    return false;
                }
            }

            items = parsed;
            failure = "";
            return true;
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}

// Text fields as the model wrote them: a number or boolean becomes its text, an object or array its JSON, so a
// model that strays from the schema in one field does not cost the whole answer.
internal sealed class LenientStringConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return reader.GetString();
            default:
                using (var document = JsonDocument.ParseValue(ref reader))
                {
                    return document.RootElement.GetRawText();
                }
        }
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}

// originating_time as a number (milliseconds) or a string; written back as a number when it is one.
internal sealed class OriginatingTimeConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => reader.TryGetInt64(out var integer)
                ? integer.ToString(CultureInfo.InvariantCulture)
                : reader.GetDouble().ToString("R", CultureInfo.InvariantCulture),
            _ => throw new JsonException($"originating_time must be a number or a string, not {reader.TokenType}"),
        };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
        {
            writer.WriteNumberValue(milliseconds);
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}
