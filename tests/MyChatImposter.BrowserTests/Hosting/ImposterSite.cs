namespace MyChatImposter.BrowserTests.Hosting;

// Class fixture: one host with its seeded accounts and bots, and one Chromium, shared by the tests of one
// class. Launching the browser and starting the host are the slow parts (about a second each); a browser
// context per test (BrowserTest) is what keeps tests apart.
public sealed class ImposterSite : IAsyncLifetime
{
    private readonly ImposterServer _server = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseAddress => _server.BaseAddress;

    public async ValueTask InitializeAsync()
    {
        // Before anything slow, so a machine without the browser fails at once with the way to fix it.
        DebianChromium.EnsureInstalled();

        _server.Start();
        foreach (var user in SiteUsers.All)
        {
            await _server.CreateAccountAsync(user.UserId, user.Password, user.Role);
        }
        await _server.ConfigureBotsAsync(SiteUsers.Admin.UserId, SiteUsers.Admin.Password, [.. SiteUsers.BotOwners]);

        _playwright = await Playwright.CreateAsync();
        _browser = await DebianChromium.LaunchAsync(_playwright);
    }

    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString() });
        // Everything here is local and quick: a step that takes 10 s is broken, not slow.
        context.SetDefaultTimeout(10_000);
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        await _server.DisposeAsync();
    }
}
