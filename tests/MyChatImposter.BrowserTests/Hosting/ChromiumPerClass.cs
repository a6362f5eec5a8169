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

    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = site.BaseAddress.ToString() });
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
