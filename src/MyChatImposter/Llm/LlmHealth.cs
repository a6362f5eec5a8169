namespace MyChatImposter.Llm;

// The latest outcome of each bot's LLM calls since the host started, for the dashboard and the bot page:
// an owner whose key expired or whose model went away sees it there, not only in the logs. In memory only:
// it describes this process's recent calls, not history (that is what recorded interactions are for).
public sealed class LlmHealth
{
    private const int MaxDescriptionLength = 300;

    private readonly ConcurrentDictionary<string, LlmHealthReport> _reports = new(StringComparer.Ordinal);

    // Raised with the bot's user id after its report changed; handlers must not block (the LLM call waits).
    public event Action<string>? Changed;

    // Null until the bot's first call since the host started.
    public LlmHealthReport? For(string userId) => _reports.GetValueOrDefault(userId);

    public void Succeeded(string userId, DateTimeOffset at)
    {
        _reports.AddOrUpdate(userId,
            _ => new LlmHealthReport(IsFailing: false, at, null, null),
            (_, report) => report with { IsFailing = false, LastSuccessAt = at });
        Changed?.Invoke(userId);
    }

    // description: short and safe to show (LlmFailure's words, never the server's text).
    public void Failed(string userId, DateTimeOffset at, string description)
    {
        var shown = description.Length > MaxDescriptionLength ? description[..MaxDescriptionLength] + "…" : description;
        _reports.AddOrUpdate(userId,
            _ => new LlmHealthReport(IsFailing: true, null, at, shown),
            (_, report) => report with { IsFailing = true, LastFailureAt = at, LastFailure = shown });
        Changed?.Invoke(userId);
    }

    public void Forget(string userId) => _reports.TryRemove(userId, out _);
}

// IsFailing: the latest call failed (what the dashboard colours); the last success stays visible beside it.
public sealed record LlmHealthReport(bool IsFailing, DateTimeOffset? LastSuccessAt, DateTimeOffset? LastFailureAt, string? LastFailure);
