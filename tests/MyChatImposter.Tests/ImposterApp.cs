using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MyChatImposter.Accounts;

namespace MyChatImposter.Tests;

// The real host on its own SQLite file in a temporary folder, with a controllable clock: each test owns
// its app and its data.
public sealed class ImposterApp : WebApplicationFactory<Program>
{
    public const string AdminId = "admin";
    public const string AdminPassword = "Admin-Passw0rd!";

    private readonly Dictionary<string, string> _settings = new()
    {
        ["Storage:Provider"] = "Sqlite",
        // A test that leaves a feature hanging must not hold its host's shutdown for the default 30 s.
        ["Pipeline:DrainTimeout"] = "00:00:02",
        // Sends go out at once and without "typing…": a test about pacing sets these itself.
        ["Delivery:MinDelay"] = "00:00:00",
        ["Delivery:MaxDelay"] = "00:00:00",
        ["Delivery:TypingPresence"] = "false",
        // A 429 of the login limit is answered at once: its pause would wait on the fake clock.
        ["Auth:RefusedLoginDelay"] = "00:00:00",
        // Bots point at a FakeOpenAiServer on 127.0.0.1; a test of the egress rules turns this off again.
        ["Llm:AllowPrivateBaseUrls"] = "true",
        // A test that links a WhatsApp bot gets the bridge with fake WhatsApp sockets, never real Baileys.
        ["WhatsApp:Bridge:EntryScript"] = "test-support/fake-main.js",
    };

    public ImposterApp(IReadOnlyDictionary<string, string>? settings = null, string? dataDirectory = null)
    {
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("imposter-test-").FullName;
        _ownsDataDirectory = dataDirectory is null;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            _settings[key] = value;
        }
        _settings["Storage:Sqlite:Path"] = DatabasePath;
        _settings.TryAdd("WhatsApp:Bridge:DataDirectory", Path.Combine(DataDirectory, "whatsapp-bridge"));
    }

    private readonly bool _ownsDataDirectory;

    public string DataDirectory { get; }

    public string DatabasePath => Path.Combine(DataDirectory, "test.db");

    public FakeTimeProvider Time { get; init; } = new(DateTimeOffset.UtcNow);

    // Extra services for a test (e.g. a recording feature), applied after the host's own.
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            ConfigureServices?.Invoke(services);
        });
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task CreateAccountAsync(string userId, string password, AccountRole role = AccountRole.User)
    {
        var result = await Service<AccountService>().CreateAsync(userId, password, role, "test", CancellationToken.None);
        Assert.True(result.Succeeded, string.Join(" ", result.Problems));
    }

    // A client with its own cookie jar whose requests come from the given address.
    public HttpClient CreateClient(string clientIp)
    {
        var handler = new CookieContainerHandler
        {
            InnerHandler = Server.CreateHandler(context => context.Connection.RemoteIpAddress = IPAddress.Parse(clientIp)),
        };
        return new HttpClient(handler) { BaseAddress = new Uri("http://localhost") };
    }

    // A client that sends the given cookie ("name=value") by hand and keeps none it is sent, as a thief holding
    // a copied cookie would.
    public HttpClient ClientWithCookie(string cookie)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    public async Task<HttpClient> SignedInClientAsync(string userId, string password, string clientIp = "10.0.0.1")
    {
        var client = CreateClient(clientIp);
        var response = await client.PostAsJsonAsync("/api/external/auth/login", new { user_id = userId, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    public async Task<HttpClient> AdminClientAsync()
    {
        await CreateAccountAsync(AdminId, AdminPassword, AccountRole.Admin);
        return await SignedInClientAsync(AdminId, AdminPassword);
    }

    // Mints an API token for an existing account, as its owner would on their account page, and returns its
    // text. For the authorization matrix: CreateTokenAsync(AdminId), CreateTokenAsync("owner") ...
    public async Task<string> CreateTokenAsync(string userId, string name = "test token", int? expiresInDays = null)
    {
        var creation = await Service<MyChatImposter.Accounts.Tokens.ApiTokenService>()
            .CreateAsync(userId, name, expiresInDays, CancellationToken.None);
        Assert.True(creation.Succeeded, creation.Problem);
        return creation.Text!;
    }

    // A client that sends the token on every request and keeps no cookies, as a script would.
    public HttpClient TokenClient(string token, string clientIp = "10.0.0.50")
    {
        var client = new HttpClient(Server.CreateHandler(context => context.Connection.RemoteIpAddress = IPAddress.Parse(clientIp)))
        {
            BaseAddress = new Uri("http://localhost"),
        };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_ownsDataDirectory)
        {
            return;
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves litter in the temp folder; it must not fail a test.
        }
    }
}
