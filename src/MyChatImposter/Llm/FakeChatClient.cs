using Microsoft.Extensions.AI;

namespace MyChatImposter.Llm;

// The fakeLlm provider (spec/04 §5): the canned answers of the extra field response_array, one per call in
// order and round again, each with {user_id} replaced; one fixed sentence when the field is absent. For
// demos and tests: no network, no key.
internal sealed class FakeChatClient : IChatClient
{
    public const string DefaultAnswer = "This is a canned answer from the fake LLM provider.";
    public const string AnswersField = "response_array";
    public const string LastMessagePlaceholder = "{last_message}";

    private readonly string[] _answers;
    private readonly string _model;
    private int _calls = -1;

    private FakeChatClient(string[] answers, string model)
    {
        _answers = answers;
        _model = model;
    }

    public static FakeChatClient Create(string userId, LlmProviderSettings settings)
    {
        string[] answers = [DefaultAnswer];
        if (settings.Extra?.TryGetValue(AnswersField, out var configured) == true)
        {
            if (configured.ValueKind != JsonValueKind.Array
                || configured.EnumerateArray().Any(answer => answer.ValueKind != JsonValueKind.String)
                || configured.GetArrayLength() == 0)
            {
                throw new LlmConfigurationException(LlmSettingsFields.Path(AnswersField),
                    "must be a non-empty array of strings (the fake provider's answers, used in turn).");
            }
            answers = [.. configured.EnumerateArray().Select(answer => answer.GetString()!)];
        }
        return new FakeChatClient([.. answers.Select(answer => answer.Replace("{user_id}", userId, StringComparison.Ordinal))], settings.Model);
    }

    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Interlocked: concurrent conversations each take the next answer, none twice in a row by accident.
        var turn = (int)((uint)Interlocked.Increment(ref _calls) % (uint)_answers.Length);
        var answer = _answers[turn];
        // {last_message}: the newest message the call answers, so a test or a load run can tell which message
        // a reply was for (a canned answer cannot say).
        if (answer.Contains(LastMessagePlaceholder, StringComparison.Ordinal))
        {
            answer = answer.Replace(LastMessagePlaceholder, messages.LastOrDefault(message => message.Role == ChatRole.User)?.Text ?? "",
                StringComparison.Ordinal);
        }
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer))
        {
            ModelId = options?.ModelId ?? _model,
            FinishReason = ChatFinishReason.Stop,
        });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
