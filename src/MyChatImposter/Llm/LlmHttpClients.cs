namespace MyChatImposter.Llm;

// The two HttpClients every bot's OpenAI calls share: one for trusted endpoints (the operator's, or any
// when Llm:AllowPrivateBaseUrls is on), one whose every new connection goes through GuardedConnector.
// Shared so that connections are pooled across bots; pooled connections are renewed every few minutes so
// that a changed DNS answer is seen (and checked) again.
public sealed class LlmHttpClients : IDisposable
{
    private static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMinutes(5);

    private readonly HttpClient _trusted;
    private readonly HttpClient _guarded;
    private readonly bool _allowPrivate;

    public LlmHttpClients(IHostNameResolver resolver, IOptions<LlmOptions> options, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connector = new GuardedConnector(resolver, loggers.CreateLogger<GuardedConnector>());
        _allowPrivate = options.Value.AllowPrivateBaseUrls;
        _trusted = Client(new SocketsHttpHandler { PooledConnectionLifetime = ConnectionLifetime });
        _guarded = Client(new SocketsHttpHandler { PooledConnectionLifetime = ConnectionLifetime, ConnectCallback = connector.ConnectAsync });
    }

    public HttpClient For(LlmEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.IsOperators || _allowPrivate ? _trusted : _guarded;
    }

    // No HttpClient timeout: RetryingChatClient times each attempt out on TimeProvider. Redirects stay
    // allowed: .NET drops the Authorization header on a redirect, and the guarded client checks the
    // connection a redirect opens like any other.
    private static HttpClient Client(SocketsHttpHandler handler) => new(handler) { Timeout = Timeout.InfiniteTimeSpan };

    public void Dispose()
    {
        _trusted.Dispose();
        _guarded.Dispose();
    }
}
