namespace MyChatImposter.BrowserTests.Hosting;

// Debian's Chromium package rather than a browser build downloaded by `playwright install`: machines here
// reach the Debian archive but not the Playwright CDN.
public static class DebianChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    // Headless in a root container: no sandbox (it needs user namespaces), no GPU, no background traffic
    // that would wait on a network that is not there, and /tmp instead of a small /dev/shm.
    private static readonly string[] Arguments =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ];

    public static void EnsureInstalled()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"The browser tests drive Debian's Chromium at {ExecutablePath}, which is not installed. " +
                "Install it with `apt-get update && apt-get install -y chromium` (.ci/run does this); " +
                "`playwright install` is not used.");
        }
    }

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
        });
}
