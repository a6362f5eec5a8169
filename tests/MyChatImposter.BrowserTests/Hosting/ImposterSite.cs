using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.Tests;

[assembly: AssemblyFixture(typeof(MyChatImposter.BrowserTests.Hosting.ImposterSite))]

namespace MyChatImposter.BrowserTests.Hosting;

// Assembly fixture: one host, seeded once, and one Playwright driver for the whole suite. Seeding costs
// four bcrypt operations at the host's work factor (about a second each on a busy 2-core machine), so it
// is not repeated per class. Tests only read the seeded bots (the link journey alone links its WhatsApp bot,
// and the live pages' journeys alone change their sandbox bot, whose states no other test reads) and each signs in with its own browser context, so sharing the host does
// not make one test depend on another; failed sign-ins go to Alice, whom no test signs in, so they can never
// lock out an account another test uses.
public sealed class ImposterSite : IAsyncLifetime
{
    private readonly ImposterServer _server = new();

    public Uri BaseAddress => _server.BaseAddress;

    public IPlaywright Playwright { get; private set; } = null!;

    public T Service<T>() where T : notnull => _server.Services.GetRequiredService<T>();

    public async ValueTask InitializeAsync()
    {
        DebianChromium.EnsureInstalled();
        if (!DebianChromium.IsInstalled)
        {
            // Every test skips (BrowserTest); nothing to start for them.
            return;
        }

        _server.Start();
        foreach (var user in SiteUsers.All)
        {
            await _server.CreateAccountAsync(user.UserId, user.Password, user.Role);
        }
        await _server.SaveBotsAsync(SiteUsers.Admin.UserId, SiteUsers.Admin.Password,
        [
            .. SiteUsers.BotOwners.Select(ConfigurationDocuments.Valid),
            ConfigurationDocuments.Valid(SiteUsers.LiveBot),
            ConfigurationDocuments.Valid(SiteUsers.WhatsAppBot).With("configurations.chat_provider_config.provider_name", "whatsapp"),
        ]);

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Playwright?.Dispose();
        await _server.DisposeAsync();
    }
}
