namespace MyChatImposter.ChatProviders;

// A provider's connection state (spec/09 §6, and the bridge's README "Status values"): initializing, linking
// (Qr holds the QR code's text), connecting, connected, reconnecting, disconnected, logged_out, replaced, error.
public sealed record ChatStatus(string Status, string? Qr = null)
{
    public const string Initializing = "initializing";
    public const string Linking = "linking";
    public const string Connecting = "connecting";
    public const string Connected = "connected";
    // Was linked; the connection (to WhatsApp, or between host and bridge) is being made again by itself.
    public const string Reconnecting = "reconnecting";
    public const string Disconnected = "disconnected";
    // WhatsApp ended the login (or the user unlinked it): linking again shows a new QR.
    public const string LoggedOut = "logged_out";
    // Another client took this login over; nothing reconnects until the user links again.
    public const string Replaced = "replaced";
    public const string Error = "error";

    public bool IsConnected => Status == Connected;

    // Nothing will happen by itself any more: the user may link again.
    public bool IsEnded => Status is Disconnected or Error or LoggedOut or Replaced;
}

public sealed record ChatGroupInfo(string Id, string Subject);

// What a provider calls back into: the user's pipeline and the session's status.
public interface IChatSessionSink
{
    // Completes once the message is durably archived (or recognised as a replay); a provider acknowledges
    // to its source only then. Awaiting it is the backpressure: a full pipeline slows the provider.
    Task<IngestOutcome> SubmitAsync(InboundMessage message, CancellationToken cancellationToken);

    void StatusChanged(ChatStatus status);
}

public enum IngestOutcome
{
    Archived,
    // Already archived before (a replay after a reconnect or restart): not passed on again.
    Duplicate,
}

// What a recipient sees while the bot "writes": WhatsApp's composing, and its end.
public enum ChatPresence
{
    Typing,
    Paused,
}

// The network refused a send because the account sends too much (WhatsApp's 429 / rate-overlimit). The
// delivery queue pauses the account's sends (RetryAfter when the network said how long) and does not count
// the attempt against the item.
public sealed class ChatRateLimitedException(string message, TimeSpan? retryAfter = null) : Exception(message)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

// One user's connection to a chat network (spec/02 §1): the sandbox simulator, or WhatsApp through the bridge.
public interface IChatProvider : IAsyncDisposable
{
    ChatProviderKind Kind { get; }

    ChatStatus Status { get; }

    Task StartAsync(IChatSessionSink sink, CancellationToken cancellationToken);

    // logout: also sign the account out of the network and forget its credentials (unlink, delete).
    Task StopAsync(bool logout, CancellationToken cancellationToken);

    // Both return the provider's id of the sent message; a recipient of OutboundMessage.SelfRecipient means
    // the account's own chat. ChatRateLimitedException when the network refuses for the account's volume.
    Task<string> SendTextAsync(string recipient, string text, CancellationToken cancellationToken);

    Task<string> SendDocumentAsync(
        string recipient, byte[] content, string fileName, string mimeType, string? caption, CancellationToken cancellationToken);

    Task SendPresenceAsync(string recipient, ChatPresence presence, CancellationToken cancellationToken);

    Task<IReadOnlyList<ChatGroupInfo>> ListGroupsAsync(CancellationToken cancellationToken);

    // Someone is looking at the QR (the link page, a status poll): a link nobody watches is ended after a few
    // seconds (spec/09 §7). Providers without QR linking ignore it.
    void Heartbeat()
    {
    }

    // Recent messages of a group, oldest first; null when the provider could not fetch them (a failure,
    // which callers must not mistake for "no messages").
    Task<IReadOnlyList<InboundMessage>?> FetchGroupMessagesAsync(string groupId, int limit, CancellationToken cancellationToken);
}
