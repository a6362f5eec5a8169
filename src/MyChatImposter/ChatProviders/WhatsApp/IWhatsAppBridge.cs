namespace MyChatImposter.ChatProviders.WhatsApp;

// Where the bridge answers and the secret it wants on every call.
public sealed record BridgeAddress(Uri BaseUrl, string Secret)
{
    public Uri Http(string relative) => new(BaseUrl, relative);

    public Uri WebSocket(string relative)
    {
        var builder = new UriBuilder(new Uri(BaseUrl, relative));
        builder.Scheme = builder.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        return builder.Uri;
    }
}

// The bridge cannot be used on this host as configured (no Node.js, no bridge folder): a setup problem
// the person linking must be told about (503 naming what to install), not a passing outage.
public sealed class BridgeUnavailableException(string message) : ChatProviderNotReadyException(message);

// The WhatsApp bridge this host talks to: its own child process (EmbeddedBridge) or a separate one.
public interface IWhatsAppBridge
{
    // Fast and without side effects: throws BridgeUnavailableException when the bridge could never start.
    void EnsureUsable();

    // The bridge's address, starting (or restarting) it first when it is the host's own. A transient
    // failure throws anything else; callers retry.
    Task<BridgeAddress> GetAsync(CancellationToken cancellationToken);

    // Whether the bridge may hold anything for users (erasure need not start a bridge that never ran).
    bool MayHoldUserData { get; }
}

public sealed class ExternalBridge(WhatsAppBridgeOptions options) : IWhatsAppBridge
{
    private readonly BridgeAddress _address = new(
        WithTrailingSlash(options.Url ?? throw new InvalidOperationException("WhatsApp:Bridge:Url is required in External mode.")),
        string.IsNullOrEmpty(options.Secret)
            ? throw new InvalidOperationException("WhatsApp:Bridge:Secret is required with WhatsApp:Bridge:Url (the bridge's BRIDGE_SECRET).")
            : options.Secret);

    public void EnsureUsable()
    {
    }

    public Task<BridgeAddress> GetAsync(CancellationToken cancellationToken) => Task.FromResult(_address);

    public bool MayHoldUserData => true;

    internal static Uri WithTrailingSlash(Uri url) =>
        url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}
