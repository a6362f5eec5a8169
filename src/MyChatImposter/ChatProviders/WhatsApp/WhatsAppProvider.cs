using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace MyChatImposter.ChatProviders.WhatsApp;

// One user's WhatsApp account through the bridge. A WebSocket to the bridge carries status and inbound
// messages; it is made again after any failure, with jittered backoff, for as long as the session lives
// (the original gave up after three tries). Three loops, joined by channels:
//   receive: frames from the bridge → status now, message batches into the inbound channel (bounded, so a
//            busy pipeline slows the socket and the bridge keeps the rest in its outbox);
//   process: each batch through the pipeline; ids acknowledged only once archived → the outgoing channel;
//   send:    the outgoing channel (acks, heartbeats) → the socket, one writer as a WebSocket requires.
// An ack lost with a dropped connection means the bridge offers the message again; the pipeline's dedupe
// turns that into a Duplicate, which is acknowledged too.
public sealed partial class WhatsAppProvider(
    string userId, ChatProviderSettings settings, IWhatsAppBridge bridge, BridgeClient client,
    WhatsAppBridgeOptions options, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<WhatsAppProvider> logger) : IChatProvider
{
    private static readonly string HeartbeatFrame = """{"action":"heartbeat"}""";

    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<BridgeMessage[]> _inbound = Channel.CreateBounded<BridgeMessage[]>(
        new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Channel<string> _outgoing = Channel.CreateBounded<string>(
        new BoundedChannelOptions(256) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Lock _statusGate = new();
    private ChatStatus _status = new(ChatStatus.Initializing);
    private string? _ownJid;
    private IChatSessionSink? _sink;
    private Task _running = Task.CompletedTask;

    public ChatProviderKind Kind => ChatProviderKind.WhatsApp;

    public ChatStatus Status
    {
        get { lock (_statusGate) { return _status; } }
    }

    // Returns at once: the bridge may have to be installed and started first, which the status shows. Only a
    // host that can never run the bridge (no Node.js) refuses here, so linking can say what to install.
    public Task StartAsync(IChatSessionSink sink, CancellationToken cancellationToken)
    {
        bridge.EnsureUsable();
        _sink = sink;
        Report(new ChatStatus(ChatStatus.Initializing));
        var stop = _stop.Token;
        _running = Task.WhenAll(
            Task.Run(() => ConnectLoopAsync(stop), CancellationToken.None),
            Task.Run(() => ProcessInboundAsync(stop), CancellationToken.None));
        return Task.CompletedTask;
    }

    // On host shutdown the bridge's session is left running: it keeps the WhatsApp connection and holds what
    // arrives until the host is back. Otherwise (reload, unlink) the session ends there too.
    public async Task StopAsync(bool logout, CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        await _running;
        if (logout)
        {
            try
            {
                await client.LogoutAsync(await bridge.GetAsync(cancellationToken), userId, cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // The session ends here regardless; deleting the user erases the stored login again later.
                LogLogoutFailed(logger, userId, ErrorText.Of(error));
            }
            Report(new ChatStatus(ChatStatus.LoggedOut));
            return;
        }
        if (!lifetime.ApplicationStopping.IsCancellationRequested)
        {
            try
            {
                await client.StopAsync(await bridge.GetAsync(cancellationToken), userId, cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogStopFailed(logger, userId, ErrorText.Of(error));
            }
        }
        Report(new ChatStatus(ChatStatus.Disconnected));
    }

    public void Heartbeat() => _outgoing.Writer.TryWrite(HeartbeatFrame);

    public async Task<string> SendTextAsync(string recipient, string text, CancellationToken cancellationToken) =>
        await client.SendAsync(await bridge.GetAsync(cancellationToken), userId,
            new { recipient = Recipient(recipient), message = text }, cancellationToken);

    public async Task<string> SendDocumentAsync(
        string recipient, byte[] content, string fileName, string mimeType, string? caption, CancellationToken cancellationToken) =>
        await client.SendAsync(await bridge.GetAsync(cancellationToken), userId, new
        {
            recipient = Recipient(recipient),
            type = "document",
            content = Convert.ToBase64String(content),
            fileName,
            mimetype = mimeType,
            caption,
        }, cancellationToken);

    public async Task SendPresenceAsync(string recipient, ChatPresence presence, CancellationToken cancellationToken) =>
        await client.PresenceAsync(await bridge.GetAsync(cancellationToken), userId, Recipient(recipient),
            presence == ChatPresence.Typing ? "composing" : "paused", cancellationToken);

    public async Task<IReadOnlyList<ChatGroupInfo>> ListGroupsAsync(CancellationToken cancellationToken) =>
        await client.GroupsAsync(await bridge.GetAsync(cancellationToken), userId, cancellationToken);

    public async Task<IReadOnlyList<InboundMessage>?> FetchGroupMessagesAsync(string groupId, int limit, CancellationToken cancellationToken)
    {
        try
        {
            var messages = await client.FetchMessagesAsync(await bridge.GetAsync(cancellationToken), userId, groupId, limit, cancellationToken);
            return [.. messages.Select(message => message.ToInbound(OwnIdentifier)).OfType<InboundMessage>()];
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogFetchFailed(logger, userId, ErrorText.Of(error));
            return null;
        }
    }

    // The account's own chat is its own JID, known once connected.
    private string Recipient(string recipient) => recipient == OutboundMessage.SelfRecipient
        ? _ownJid ?? throw new BridgeSessionNotConnectedException("The account's own number is not known until it is connected.")
        : recipient;

    private string OwnIdentifier => _ownJid ?? userId;

    private async Task ConnectLoopAsync(CancellationToken stop)
    {
        var failures = 0;
        var firstConnection = true;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var address = await bridge.GetAsync(stop);
                await EnsureBridgeSessionAsync(address, firstConnection, stop);
                using var socket = new ClientWebSocket();
                socket.Options.SetRequestHeader("Authorization", $"Bearer {address.Secret}");
                socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
                await socket.ConnectAsync(address.WebSocket($"sessions/{Uri.EscapeDataString(userId)}/events"), stop);
                firstConnection = false;
                failures = 0;
                LogBridgeConnected(logger, userId);
                await RunConnectionAsync(socket, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // Never fatal: the bridge may be starting, restarting or unreachable for a while.
                LogBridgeUnreachable(logger, userId, ErrorText.Of(error));
            }
            if (stop.IsCancellationRequested)
            {
                return;
            }
            // Out of sight of the bridge nothing can be sent and a QR shown may be gone: reconnecting, until the
            // bridge reports again.
            if (Status.Status is ChatStatus.Connected or ChatStatus.Connecting or ChatStatus.Linking)
            {
                Report(new ChatStatus(ChatStatus.Reconnecting));
            }
            try
            {
                await Task.Delay(Backoff(failures++), time, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // First connection of this session: start the bridge's connection unless one is live (the host restarted
    // while the bridge kept it). Later connections: only when the bridge has none (the bridge restarted); an
    // ended one (an abandoned QR, a logout) stays ended until the user links again.
    private async Task EnsureBridgeSessionAsync(BridgeAddress address, bool firstConnection, CancellationToken stop)
    {
        var current = await client.StatusAsync(address, userId, heartbeat: false, stop);
        var needsStart = current is null
            || (firstConnection && new ChatStatus(current.Status).IsEnded);
        if (needsStart)
        {
            var started = await client.InitializeAsync(address, userId, settings, stop);
            Apply(started.Status, started.Qr, started.UserJid);
        }
    }

    // Doubling from ReconnectMinDelay to ReconnectMaxDelay, each wait between half and all of its step, so
    // a hundred sessions that lost the bridge together do not come back in one burst.
    private TimeSpan Backoff(int failures)
    {
        var step = Math.Min(options.ReconnectMaxDelay.TotalMilliseconds,
            options.ReconnectMinDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 20)));
        return TimeSpan.FromMilliseconds(step * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    private async Task RunConnectionAsync(ClientWebSocket socket, CancellationToken stop)
    {
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var sending = SendLoopAsync(socket, connection.Token);
        try
        {
            await ReceiveLoopAsync(socket, connection.Token);
        }
        finally
        {
            await connection.CancelAsync();
            try
            {
                await sending;
            }
            catch (Exception error) when (error is OperationCanceledException or WebSocketException)
            {
            }
            if (stop.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "session stopped", closing.Token);
                }
                catch (Exception error) when (error is OperationCanceledException or WebSocketException)
                {
                }
            }
        }
    }

    private async Task SendLoopAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        await foreach (var frame in _outgoing.Reader.ReadAllAsync(cancellationToken))
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
    }

    private async Task ReceiveLoopAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        while (true)
        {
            buffer.ResetWrittenCount();
            ValueWebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer.GetMemory(16 * 1024), cancellationToken);
                buffer.Advance(received.Count);
            }
            while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                LogBridgeClosed(logger, userId, socket.CloseStatus, socket.CloseStatusDescription);
                // Completes the closing handshake the bridge started; then the connect loop makes a new one.
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "closed by the bridge", cancellationToken);
                return;
            }
            try
            {
                await HandleFrameAsync(buffer.WrittenMemory, cancellationToken);
            }
            catch (Exception error) when (error is JsonException or InvalidOperationException or FormatException)
            {
                // One unreadable frame is skipped; the connection and the frames after it carry on.
                LogBadFrame(logger, userId, error.GetType().Name);
            }
        }
    }

    private async Task HandleFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        var parsed = JsonSerializer.Deserialize<BridgeFrame>(frame.Span, BridgeJson.Options)
            ?? throw new JsonException("empty frame");
        switch (parsed.Type)
        {
            case "status_update" when parsed.Status is not null:
                Apply(parsed.Status, parsed.Qr, parsed.UserJid);
                break;
            case "messages" when parsed.Messages is { Length: > 0 } messages:
                await _inbound.Writer.WriteAsync(messages, cancellationToken);
                break;
            case "error":
                LogBridgeRefusedFrame(logger, userId, parsed.Error);
                break;
        }
    }

    private async Task ProcessInboundAsync(CancellationToken stop)
    {
        try
        {
            await foreach (var batch in _inbound.Reader.ReadAllAsync(stop))
            {
                var archived = await SubmitAsync(batch, stop);
                if (archived.Count > 0)
                {
                    await _outgoing.Writer.WriteAsync(JsonSerializer.Serialize(new AckFrame(archived), BridgeJson.Options), stop);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    // The ids to acknowledge: archived (or already archived), and those dropped on purpose. One that the
    // pipeline could not take (it is stopping) is not acknowledged, so the bridge offers it again later.
    private async Task<List<string>> SubmitAsync(BridgeMessage[] batch, CancellationToken stop)
    {
        var acknowledged = new List<string>(batch.Length);
        var submitted = new List<(string Id, Task<IngestOutcome> Archived)>(batch.Length);
        foreach (var message in batch)
        {
            var inbound = message.ToInbound(OwnIdentifier);
            if (inbound is null || (inbound.Group is not null && !settings.AllowGroupMessages))
            {
                if (message.Id is { } id)
                {
                    acknowledged.Add(id);
                }
                continue;
            }
            // Started in order: the pipeline takes them in the order the bridge sent them.
            submitted.Add((inbound.ProviderMessageId, _sink!.SubmitAsync(inbound, stop)));
        }
        foreach (var (id, archived) in submitted)
        {
            try
            {
                await archived;
                acknowledged.Add(id);
            }
            catch (Exception error) when (error is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                LogNotArchived(logger, userId, error.GetType().Name);
            }
            catch (OperationCanceledException)
            {
            }
        }
        return acknowledged;
    }

    private void Apply(string status, string? qr, string? userJid)
    {
        if (userJid is not null)
        {
            _ownJid = userJid;
        }
        Report(new ChatStatus(status, status == ChatStatus.Linking ? qr : null));
    }

    private void Report(ChatStatus status)
    {
        lock (_statusGate)
        {
            if (_status == status)
            {
                return;
            }
            _status = status;
        }
        _sink?.StatusChanged(status);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }
        await _running;
        _stop.Dispose();
    }

    private sealed record BridgeFrame(
        [property: System.Text.Json.Serialization.JsonPropertyName("type")] string? Type,
        [property: System.Text.Json.Serialization.JsonPropertyName("status")] string? Status,
        [property: System.Text.Json.Serialization.JsonPropertyName("qr")] string? Qr,
        [property: System.Text.Json.Serialization.JsonPropertyName("user_jid")] string? UserJid,
        [property: System.Text.Json.Serialization.JsonPropertyName("messages")] BridgeMessage[]? Messages,
        [property: System.Text.Json.Serialization.JsonPropertyName("error")] string? Error);

    private sealed record AckFrame(
        [property: System.Text.Json.Serialization.JsonPropertyName("ids")] IReadOnlyList<string> Ids)
    {
        [System.Text.Json.Serialization.JsonPropertyName("action")]
        public string Action => "ack";
    }

    [LoggerMessage(EventId = 3111, Level = LogLevel.Information, Message = "WhatsApp session of {UserId} connected to the bridge")]
    private static partial void LogBridgeConnected(ILogger logger, string userId);

    [LoggerMessage(EventId = 3112, Level = LogLevel.Warning, Message = "WhatsApp session of {UserId} cannot reach the bridge ({Error}); trying again")]
    private static partial void LogBridgeUnreachable(ILogger logger, string userId, string error);

    [LoggerMessage(EventId = 3113, Level = LogLevel.Information, Message = "The bridge closed the connection of {UserId} ({CloseStatus} {Description})")]
    private static partial void LogBridgeClosed(ILogger logger, string userId, WebSocketCloseStatus? closeStatus, string? description);

    [LoggerMessage(EventId = 3114, Level = LogLevel.Warning, Message = "Skipped an unreadable frame from the bridge for {UserId} ({Error})")]
    private static partial void LogBadFrame(ILogger logger, string userId, string error);

    [LoggerMessage(EventId = 3115, Level = LogLevel.Warning, Message = "The bridge refused a frame of {UserId}: {Error}")]
    private static partial void LogBridgeRefusedFrame(ILogger logger, string userId, string? error);

    [LoggerMessage(EventId = 3116, Level = LogLevel.Warning, Message = "An inbound WhatsApp message of {UserId} was not archived ({Error}); the bridge keeps it and offers it again")]
    private static partial void LogNotArchived(ILogger logger, string userId, string error);

    [LoggerMessage(EventId = 3117, Level = LogLevel.Warning, Message = "Stopping the bridge's session of {UserId} failed ({Error})")]
    private static partial void LogStopFailed(ILogger logger, string userId, string error);

    [LoggerMessage(EventId = 3119, Level = LogLevel.Error, Message = "Logging {UserId} out of WhatsApp failed ({Error}); the login stays stored in the bridge until the user is deleted")]
    private static partial void LogLogoutFailed(ILogger logger, string userId, string error);

    [LoggerMessage(EventId = 3118, Level = LogLevel.Warning, Message = "Fetching group messages for {UserId} failed ({Error})")]
    private static partial void LogFetchFailed(ILogger logger, string userId, string error);
}
