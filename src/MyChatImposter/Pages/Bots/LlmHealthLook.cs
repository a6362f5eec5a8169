namespace MyChatImposter.Pages.Bots;

// How a bot's LLM health reads on the dashboard and the bot page. wwwroot/js/live.js writes the
// same words and classes from the live events' "llm" entry.
public static class LlmHealthLook
{
    public static string CssClass(LlmHealthReport? report) => report switch
    {
        null => "llm-none",
        { IsFailing: true } => "llm-failing",
        _ => "llm-ok",
    };

    public static string Text(LlmHealthReport? report) => report switch
    {
        null => "no call yet",
        { IsFailing: true, LastFailureAt: { } failedAt } =>
            $"failed {UtcTime.Format(failedAt)}: {report.LastFailure}"
            + (report.LastSuccessAt is { } answeredAt ? $" · last answer {UtcTime.Format(answeredAt)}" : ""),
        { LastSuccessAt: { } answeredAt } => $"ok · last answer {UtcTime.Format(answeredAt)}",
        _ => "no call yet",
    };
}
