using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MyChatImposter.Configuration;
using MyChatImposter.Activity;
using MyChatImposter.Llm;
using MyChatImposter.Storage;

namespace MyChatImposter.Tests.Llm;

// The LLM services as the host registers them (AddStorage, AddLlm), over a SQLite file of their own, on
// the real clock: the calls go over real sockets to a FakeOpenAiServer, which is on 127.0.0.1, so private
// base URLs are allowed unless a test's settings say otherwise. Settings are host settings ("Llm:Timeout",
// "OPENAI_API_KEY", ...).
public sealed class LlmTestHost : IAsyncDisposable
{
    // Fast retries, so a test of three attempts takes milliseconds, and a short timeout for the hanging server.
    public static readonly IReadOnlyDictionary<string, string?> Quick = new Dictionary<string, string?>
    {
        ["Llm:Timeout"] = "00:00:02",
        ["Llm:RetryBaseDelay"] = "00:00:00.010",
        ["Llm:RetryMaxDelay"] = "00:00:05",
        ["Llm:AllowPrivateBaseUrls"] = "true",
    };

    private readonly string _directory;

    private LlmTestHost(ServiceProvider services, string directory)
    {
        Services = services;
        _directory = directory;
    }

    public ServiceProvider Services { get; }

    public ILlmClientFactory Factory => Services.GetRequiredService<ILlmClientFactory>();

    // configure runs last, so a registration there replaces the host's (e.g. a store that fails).
    public static async Task<LlmTestHost> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var directory = Directory.CreateTempSubdirectory("imposter-llm-").FullName;
        var values = new Dictionary<string, string?>(Quick)
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:Sqlite:Path"] = Path.Combine(directory, "llm.db"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var collection = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddStorage(configuration)
            .AddActivity()
            .AddLlm(configuration);
        configure?.Invoke(collection);
        var services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await services.InitializeStorageAsync(TestContext.Current.CancellationToken);
        return new LlmTestHost(services, directory);
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Litter in the temp folder must not fail a test.
        }
    }
}

// llm_provider_config documents for the tests, as records.
public static class LlmSettings
{
    public static LlmProviderConfig OpenAi(FakeOpenAiServer server, string model = "gpt-4o-mini") => new()
    {
        ProviderName = "openAi",
        ProviderConfig = new LlmProviderSettings
        {
            ApiKeySource = ApiKeySource.Explicit,
            ApiKey = "sk-test-explicit-0123456789abcdef",
            Model = model,
            BaseUrl = server.BaseUrl.ToString(),
        },
    };

    public static LlmProviderConfig WithSettings(this LlmProviderConfig config, Func<LlmProviderSettings, LlmProviderSettings> change) =>
        config with { ProviderConfig = change(config.ProviderConfig) };
}
