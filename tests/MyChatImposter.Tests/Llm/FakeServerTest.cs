using Microsoft.Extensions.DependencyInjection;

namespace MyChatImposter.Tests.Llm;

// A test class with a FakeOpenAiServer and the LLM services (LlmTestHost) of its own, both started before
// each test and stopped after it. The server is also the host's own endpoint (Llm:DefaultBaseUrl), where
// bots without a base_url, and every bot with the host's key, send their requests.
public abstract class FakeServerTest(
    IReadOnlyDictionary<string, string?>? hostSettings = null, Action<IServiceCollection>? configureHost = null) : IAsyncLifetime
{
    protected FakeOpenAiServer Server { get; private set; } = null!;

    protected LlmTestHost Host { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Server = await FakeOpenAiServer.StartAsync();
        var settings = new Dictionary<string, string?> { ["Llm:DefaultBaseUrl"] = Server.BaseUrl.ToString() };
        foreach (var (key, value) in hostSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        Host = await LlmTestHost.StartAsync(settings, configureHost);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Server.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
