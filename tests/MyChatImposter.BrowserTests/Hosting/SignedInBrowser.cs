using MyChatImposter.AutoReply;
using MyChatImposter.OwnerControl;

namespace MyChatImposter.BrowserTests.Hosting;

// Who is looking at a page.
public enum Visitor
{
    Anonymous,
    Admin,
    Bob,
    // Nobody, on a site that has no account yet: the only way to see the first-run setup page.
    FreshSite,
}

// Class fixture for tests that look at many pages: one Chromium and one browser context per visitor,
// signed in once (through the API's login, which sets the same session cookie as the form) and reused for
// every page, so a table of thirty pages costs three bcrypt checks rather than thirty. The tests only read;
// the setup below is the one write, on a bot of their own.
public sealed class SignedInBrowser(ImposterSite site) : IAsyncLifetime
{
    // The site's sandbox bot, linked here and given a message and a draft, so the pages show content.
    public const string SandboxBot = SiteUsers.SandboxBot;
    public const string Correspondent = "dana";

    private readonly Dictionary<Visitor, IBrowserContext> _contexts = [];
    private IBrowser? _browser;
    private ImposterServer? _freshSite;

    public async ValueTask InitializeAsync()
    {
        if (!DebianChromium.IsInstalled)
        {
            return;
        }
        _browser = await DebianChromium.LaunchAsync(site.Playwright);
        await SetUpSandboxBotAsync();
    }

    public async Task<IPage> NewPageAsync(Visitor visitor)
    {
        if (!_contexts.TryGetValue(visitor, out var context))
        {
            context = await NewContextAsync(visitor);
            _contexts[visitor] = context;
        }
        return await context.NewPageAsync();
    }

    private async Task<IBrowserContext> NewContextAsync(Visitor visitor)
    {
        var baseAddress = visitor == Visitor.FreshSite ? StartFreshSite() : site.BaseAddress;
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString() });
        context.SetDefaultTimeout(10_000);
        var user = visitor switch
        {
            Visitor.Admin => SiteUsers.Admin,
            Visitor.Bob => SiteUsers.Bob,
            _ => null,
        };
        if (user is not null)
        {
            var login = await context.APIRequest.PostAsync("/api/external/auth/login",
                new() { DataObject = new { user_id = user.UserId, password = user.Password } });
            await EnsureOkAsync(login, $"sign in as {user.UserId}");
        }
        return context;
    }

    private Uri StartFreshSite()
    {
        _freshSite = new ImposterServer();
        _freshSite.Start();
        return _freshSite.BaseAddress;
    }

    private async Task SetUpSandboxBotAsync()
    {
        var admin = await NewPageAsync(Visitor.Admin);
        var api = admin.Context.APIRequest;
        var bot = $"/api/external/users/{SandboxBot}";
        await EnsureOkAsync(await api.PostAsync($"{bot}/actions/link"), "link the sandbox bot");
        await EnsureOkAsync(await api.PostAsync($"{bot}/sandbox/inbound",
            new() { DataObject = new { correspondent_id = Correspondent, display_name = "Dana", text = "Are you coming tonight?" } }),
            "write to the sandbox bot");
        // The pipeline archives the message on its own time; the chat page shows it once it has (its script
        // polls the archive), so the pages are looked at with it there.
        await admin.GotoAsync($"/bots/{SandboxBot}/chat?correspondent={Correspondent}");
        await Assertions.Expect(admin.Locator("#conversation li")).ToHaveCountAsync(1);
        await admin.CloseAsync();
        // A draft waiting for the owner, so the drafts page shows its form.
        await site.Service<IDraftStore>().AddAsync(new Draft(Guid.NewGuid().ToString(), SandboxBot, Correspondent, "Dana",
            [new Utterance("Dana", "Are you coming tonight?")], "Yes, at 8", DraftState.Pending, DateTimeOffset.UtcNow,
            DateTimeOffset.UtcNow.AddHours(1)), CancellationToken.None);
    }

    private static async Task EnsureOkAsync(IAPIResponse response, string what)
    {
        if (!response.Ok)
        {
            throw new InvalidOperationException($"Could not {what}: {response.Status} {await response.TextAsync()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        if (_freshSite is not null)
        {
            await _freshSite.DisposeAsync();
        }
    }
}
