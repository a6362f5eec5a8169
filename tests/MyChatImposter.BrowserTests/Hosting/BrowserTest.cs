namespace MyChatImposter.BrowserTests.Hosting;

// xUnit makes a new instance for every test, so every test gets its own browser context: a fresh cookie
// jar and cache, as if a different person opened the site.
public abstract class BrowserTest(ChromiumPerClass chromium) : IAsyncLifetime, IClassFixture<ChromiumPerClass>
{
    protected IBrowserContext Context { get; private set; } = null!;

    protected IPage Page { get; private set; } = null!;

    // For a test that needs a context of its own (another time zone).
    protected ChromiumPerClass Chromium { get; } = chromium;

    public async ValueTask InitializeAsync()
    {
        DebianChromium.SkipUnlessInstalled();
        Context = await Chromium.NewContextAsync();
        Page = await Context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Context is not null)
        {
            await Context.CloseAsync();
        }
    }
}
