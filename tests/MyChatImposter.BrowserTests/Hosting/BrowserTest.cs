namespace MyChatImposter.BrowserTests.Hosting;

// xUnit makes a new instance for every test, so every test gets its own browser context: a fresh cookie
// jar and cache, as if a different person opened the site.
public abstract class BrowserTest(ChromiumPerClass chromium) : IAsyncLifetime, IClassFixture<ChromiumPerClass>
{
    protected IBrowserContext Context { get; private set; } = null!;

    protected IPage Page { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        DebianChromium.SkipUnlessInstalled();
        Context = await chromium.NewContextAsync();
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
