using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.Accounts;
using MyChatImposter.Tests.ChatProviders.WhatsApp;

namespace MyChatImposter.BrowserTests.Hosting;

// The real host listening on a real socket (Kestrel, a free port), so a real browser can talk to it, with
// its own SQLite file in a temporary folder. Unlike the API tests' ImposterApp it keeps the real clock: the
// browser judges cookie expiry by its own clock, and nothing here needs time to move.
public sealed class ImposterServer : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string> _settings;

    // extraSettings: configuration a journey needs on its own host (for example, delivery without pauses).
    public ImposterServer(IReadOnlyDictionary<string, string>? extraSettings = null)
    {
        DataDirectory = Directory.CreateTempSubdirectory("imposter-browser-").FullName;
        _settings = new Dictionary<string, string>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:Sqlite:Path"] = Path.Combine(DataDirectory, "browser-tests.db"),
            // Every sign-in of every test comes from 127.0.0.1; the default 10 per minute per address
            // would turn a fast suite into a 429 page.
            ["Auth:LoginAttemptsPerMinute"] = "1000",
            // Browser classes run side by side and each signs in (bcrypt, about a second on a busy 2-core machine):
            // a sign-in waits for its password check rather than being refused after the production 3 s.
            ["Auth:PasswordCheckMaxWait"] = "00:01:00",
        };
        // A WhatsApp bot links through the embedded bridge with fake WhatsApp sockets, never real Baileys;
        // the bridge starts only when one links.
        foreach (var (key, value) in FakeWhatsApp.EmbeddedSettings(DataDirectory))
        {
            _settings[key] = value;
        }
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string>())
        {
            _settings[key] = value;
        }
        UseKestrel(0);
    }

    private string DataDirectory { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public void Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseAddress = new Uri(addresses.Single());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public async Task CreateAccountAsync(string userId, string password, AccountRole role)
    {
        var result = await Services.GetRequiredService<AccountService>()
            .CreateAsync(userId, password, role, "browser-tests", CancellationToken.None);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create the account {userId}: {string.Join(" ", result.Problems)}");
        }
    }

    // Bots are created the way an administrator's script would: sign in to the REST API over the socket,
    // then PUT each configuration.
    public async Task SaveBotsAsync(string adminId, string adminPassword, params JsonObject[] documents)
    {
        using var api = new HttpClient { BaseAddress = BaseAddress };
        var login = await api.PostAsJsonAsync("/api/external/auth/login", new { user_id = adminId, password = adminPassword });
        await EnsureSucceededAsync(login, "sign in to the API as the administrator");
        foreach (var document in documents)
        {
            var userId = (string)document["user_id"]!;
            var saved = await api.PutAsJsonAsync($"/api/external/users/{userId}", document);
            await EnsureSucceededAsync(saved, $"save the configuration of {userId}");
        }
    }

    private static async Task EnsureSucceededAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"Could not {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves litter in the temp folder; it must not fail the suite.
        }
    }
}
