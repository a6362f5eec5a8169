namespace MyChatImposter.Configuration;

// provider_config extras are copied into every chat-completions request (spec/04 §5: e.g. max_tokens).
// These fields are the call's own; an extra with one of these names would replace the conversation or
// break the answer's format, so validation refuses it.
public static class LlmRequestFields
{
    private static readonly HashSet<string> SetByEachCall = new(StringComparer.Ordinal)
    {
        "messages", "model", "stream", "stream_options",
    };

    public static bool IsSetByEachCall(string name) => SetByEachCall.Contains(name);
}
