namespace MyChatImposter.Llm;

// One call to a bot's model, recorded when the user turned record_llm_interactions on: the whole prompt,
// then the answer or (never both) a failure description. Kept for Llm:InteractionRetention.
public sealed record LlmInteraction(
    string UserId,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    string Provider,
    string Model,
    IReadOnlyList<LlmPromptMessage> Prompt,
    string? Answer,
    string? Error)
{
    // Assigned by the store, increasing with insertion order; the paging cursor.
    public string? Id { get; init; }
}

// Role as the chat API names it: system, user, assistant.
public sealed record LlmPromptMessage(string Role, string Text);

public static class LlmInteractionPaging
{
    // A page holds whole prompts, which can be long: fewer rows than the other stores' pages.
    public const int MaxLimit = 200;

    public static void CheckLimit(int limit) => PageLimit.Check(limit, MaxLimit);

    public static ArgumentException InvalidBefore(string before) => new(
        $"'{before}' is not an interaction id of this store; page with an id taken from a previous page.", nameof(before));
}
