namespace MyChatImposter.BrowserTests.Journeys;

// What the browser complains about while a page is open: console errors (Chromium reports every CSP
// violation and every failed subresource there) and uncaught script errors.
public sealed class BrowserProblems
{
    private readonly List<string> _problems = [];

    public BrowserProblems(IPage page)
    {
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Record($"console error at {message.Location}: {message.Text}");
            }
        };
        page.PageError += (_, error) => Record($"uncaught error: {error}");
    }

    public IReadOnlyList<string> Seen
    {
        get
        {
            lock (_problems)
            {
                return [.. _problems];
            }
        }
    }

    // Events arrive on the Playwright connection's thread.
    private void Record(string problem)
    {
        lock (_problems)
        {
            _problems.Add(problem);
        }
    }
}
