namespace MyChatImposter.BrowserTests.Hosting;

// Class fixture: one Chromium for the tests of one class (launching it takes about a second), on the
// shared site. BrowserTest opens a fresh context in it for every test.
public sealed class ChromiumPerClass(ImposterSite site) : IAsyncLifetime
{
    private IBrowser _browser = null!;

    public async ValueTask InitializeAsync() => _browser = await DebianChromium.LaunchAsync(site.Playwright);

    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = site.BaseAddress.ToString() });
        // Everything here is local: a step that takes 10 s is broken, not slow.
        context.SetDefaultTimeout(10_000);
        return context;
    }

    public async ValueTask DisposeAsync() => await _browser.CloseAsync();
}
