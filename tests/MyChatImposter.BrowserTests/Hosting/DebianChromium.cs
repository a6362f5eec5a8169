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

    public const string InstallCommand = "apt-get install -y chromium";

    public static bool IsInstalled => File.Exists(ExecutablePath);

    // CI (CI=true, as .ci/run sets it) must run the browser tests: there a missing browser fails them.
    public static bool IsRequired => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string MissingMessage =>
        $"Debian's Chromium is not installed at {ExecutablePath}; install it with `{InstallCommand}` " +
        "(.ci/run does; `playwright install` is not used).";

    // Before anything slow, so a machine without the browser fails (CI) or skips (elsewhere) at once.
    public static void EnsureInstalled()
    {
        if (!IsInstalled && IsRequired)
        {
            throw new InvalidOperationException(MissingMessage);
        }
    }

    // Skips the calling test on a machine without the browser, unless CI requires it.
    public static void SkipUnlessInstalled()
    {
        EnsureInstalled();
        Assert.SkipUnless(IsInstalled, MissingMessage);
    }

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
        });
}
