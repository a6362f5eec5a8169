namespace MyChatImposter.ChatProviders.WhatsApp;

public enum BridgeMode
{
    // The host starts the Node.js bridge as its own child process (the default when no Url is set).
    Embedded,
    // A bridge someone else runs (docker-compose's whatsapp-bridge service), at Url with Secret.
    External,
}

// Host options under "WhatsApp:Bridge".
public sealed class WhatsAppBridgeOptions
{
    public const string SectionName = "WhatsApp:Bridge";

    // Null: Embedded without a Url, External with one.
    public BridgeMode? Mode { get; set; }

    // External mode: the bridge's base address, e.g. http://whatsapp-bridge:9000.
    public Uri? Url { get; set; }

    // External mode: the bridge's BRIDGE_SECRET. Embedded mode makes a new one every time it starts the bridge.
    public string? Secret { get; set; }

    // Embedded mode: the bridge's package folder; null finds src/whatsapp-bridge (or whatsapp-bridge) above
    // the binaries or the working directory, which covers `dotnet run`, the tests and a published copy.
    public string? Directory { get; set; }

    // Embedded mode: the script node runs, relative to Directory (the tests run the fake bridge).
    public string EntryScript { get; set; } = "src/main.js";

    public string NodePath { get; set; } = "node";

    public string NpmPath { get; set; } = "npm";

    // Embedded mode: the bridge's data (encrypted WhatsApp logins, the unacknowledged inbound messages).
    // Relative paths are resolved against the working directory, like the SQLite file.
    public string DataDirectory { get; set; } = "data/whatsapp-bridge";

    // Embedded mode: the 32-byte key (base64 or 64 hex digits) that encrypts the stored logins. Null: a key
    // file in DataDirectory, made on first start (back it up with the data; without it the logins are lost).
    public string? CredentialsKey { get; set; }

    // Embedded mode: extra environment variables for the bridge process (the tests' fake-bridge settings).
    public Dictionary<string, string> Environment { get; set; } = [];

    // How long a bridge may take to say it is listening once started.
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    // npm ci on first use downloads about 50 MB.
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan InstallTimeout { get; set; } = TimeSpan.FromMinutes(10);

    // Every HTTP call to the bridge.
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    // The provider's reconnect backoff to the bridge: doubles from the first to the last, with jitter, forever.
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    // How often an open link page tells the bridge someone is looking at the QR (the bridge ends a QR
    // nobody has looked at for 5 s, spec/09 §7).
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:04")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    public BridgeMode EffectiveMode => Mode ?? (Url is null ? BridgeMode.Embedded : BridgeMode.External);
}
