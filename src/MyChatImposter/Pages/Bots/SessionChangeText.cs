namespace MyChatImposter.Pages.Bots;

// How pages report a session change: the API's outcomes (404, 409, 422, 501) become a sentence for the
// page's message, never an error page.
public static class SessionChangeText
{
    public static string Describe(SessionChangeResult result, string done) => result.Outcome switch
    {
        SessionChange.Done => done,
        SessionChange.NoConfiguration => $"Not found: {result.Detail}",
        SessionChange.NoSession => $"Nothing to do: {result.Detail}",
        SessionChange.AlreadyActive => $"Already active: {result.Detail} Unlink or reload it instead.",
        SessionChange.InvalidConfiguration => $"Invalid configuration: {result.Detail} "
            + string.Join(" ", (result.Errors ?? new Dictionary<string, string[]>())
                .Select(error => $"{error.Key}: {string.Join(" ", error.Value)}")),
        SessionChange.ProviderUnavailable => $"Chat provider unavailable: {result.Detail}",
        SessionChange.ProviderNotReady => $"Chat provider not ready: {result.Detail}",
        SessionChange.FeatureUnavailable => $"Feature unavailable: {result.Detail}",
        _ => $"Not done: {result.Detail}",
    };
}
