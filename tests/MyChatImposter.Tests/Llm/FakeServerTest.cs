namespace MyChatImposter.Tests.Llm;

// A test class with a FakeOpenAiServer and the LLM services (LlmTestHost) of its own, both started before
// each test and stopped after it.
public abstract class FakeServerTest(IReadOnlyDictionary<string, string?>? hostSettings = null) : IAsyncLifetime
{
    protected FakeOpenAiServer Server { get; private set; } = null!;

    protected LlmTestHost Host { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Server = await FakeOpenAiServer.StartAsync();
        Host = await LlmTestHost.StartAsync(hostSettings);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Server.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
