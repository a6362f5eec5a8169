namespace MyChatImposter.BrowserTests.Hosting;

// Class fixture: one Chromium for the tests of one class (launching it takes about a second), on the
// shared site. BrowserTest opens a fresh context in it for every test.
public sealed class ChromiumPerClass(ImposterSite site) : IAsyncLifetime
{
    // Null on a machine without the browser, where every test skips before asking for a context.
    private IBrowser? _browser;

    public async ValueTask InitializeAsync()
    {
        if (DebianChromium.IsInstalled)
        {
            _browser = await DebianChromium.LaunchAsync(site.Playwright);
        }
    }

    // A time zone other than the machine's is what a visitor from elsewhere brings (the new-bot page reads it).
    public async Task<IBrowserContext> NewContextAsync(string? timezoneId = null)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = site.BaseAddress.ToString(), TimezoneId = timezoneId });
        // Everything here is local: a step that takes 10 s is broken, not slow.
        context.SetDefaultTimeout(10_000);
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
    }
}
