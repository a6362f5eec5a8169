namespace MyChatImposter.ChatProviders.Sandbox;

// What a person writes in the sandbox (the inbound API or the chat page). FromOwner: the owner wrote it
// from another device, to CorrespondentId (or in the group); CorrespondentId "self" is the owner's own chat.
// QuotedText: the first line of the message this one replies to (the API's reply_to), as WhatsApp quotes it.
public sealed record SandboxInbound(
    string? MessageId, string CorrespondentId, string? DisplayName, SandboxGroup? Group, string Text, bool FromOwner = false,
    string? QuotedText = null);

// The in-process simulator of a chat network (the original's `dummy`): connected as soon as it starts,
// inbound messages come from the sandbox API, sends are recorded for the outbound API. It drives the
// real pipeline, so a user can try their bot before linking WhatsApp, and tests and load tests use it.
public sealed class SandboxProvider(
    string userId, SandboxWorld world, ChatProviderSettings settings, SandboxOptions options, TimeProvider time) : IChatProvider
{
    private IChatSessionSink? _sink;
    private volatile ChatStatus _status = new(ChatStatus.Initializing);

    public ChatProviderKind Kind => ChatProviderKind.Sandbox;

    public ChatStatus Status => _status;

    public bool AllowsGroupMessages => settings.AllowGroupMessages;

    public Task StartAsync(IChatSessionSink sink, CancellationToken cancellationToken)
    {
        _sink = sink;
        SetStatus(new ChatStatus(ChatStatus.Connected));
        return Task.CompletedTask;
    }

    public Task StopAsync(bool logout, CancellationToken cancellationToken)
    {
        SetStatus(new ChatStatus(ChatStatus.Disconnected));
        _sink = null;
        return Task.CompletedTask;
    }

    // A person writes to the user: returns once the pipeline has archived it.
    public async Task<(string MessageId, IngestOutcome Outcome)> ReceiveAsync(SandboxInbound inbound, CancellationToken cancellationToken)
    {
        var sink = _sink ?? throw new PipelineStoppedException();
        var messageId = string.IsNullOrEmpty(inbound.MessageId) ? $"sandbox-{Guid.NewGuid():N}" : inbound.MessageId;
        var group = inbound.Group is null ? null : new ChatGroup(inbound.Group.Id, inbound.Group.Name, [inbound.Group.Id, inbound.Group.Name]);
        var conversation = group?.Id ?? inbound.CorrespondentId;
        // As WhatsApp hands over what the account sent from a phone: outgoing, from the owner, to the conversation.
        var message = inbound.FromOwner
            ? new InboundMessage(messageId, conversation, new ChatParty(userId, null, [userId]), group, inbound.Text,
                MessageDirection.Outgoing, RecipientId: conversation, OriginatingTime: time.GetUtcNow(), inbound.QuotedText)
            : new InboundMessage(messageId, conversation,
                new ChatParty(inbound.CorrespondentId, inbound.DisplayName,
                    inbound.DisplayName is null ? [inbound.CorrespondentId] : [inbound.CorrespondentId, inbound.DisplayName]),
                group, inbound.Text, MessageDirection.Incoming, RecipientId: userId, OriginatingTime: time.GetUtcNow(), inbound.QuotedText);
        var outcome = await sink.SubmitAsync(message, cancellationToken);
        if (outcome == IngestOutcome.Archived)
        {
            world.RecordReceived(userId, conversation);
        }
        return (messageId, outcome);
    }

    public Task<string> SendTextAsync(string recipient, string text, CancellationToken cancellationToken) =>
        SendAsync(() => world.RecordSend(userId, recipient, "text", text), cancellationToken);

    public Task<string> SendDocumentAsync(
        string recipient, byte[] content, string fileName, string mimeType, string? caption, CancellationToken cancellationToken) =>
        SendAsync(() => world.RecordSend(userId, recipient, "document", null, fileName, mimeType, caption,
            Convert.ToBase64String(content)), cancellationToken);

    public Task SendPresenceAsync(string recipient, ChatPresence presence, CancellationToken cancellationToken)
    {
        EnsureConnected();
        world.RecordPresence(userId, recipient, presence);
        return Task.CompletedTask;
    }

    // Sandbox:SendDelay splits around the moment the network accepts the message (see SandboxOptions).
    private async Task<string> SendAsync(Func<SandboxOutboundMessage> accept, CancellationToken cancellationToken)
    {
        var half = options.SendDelay / 2;
        if (half > TimeSpan.Zero)
        {
            await Task.Delay(half, time, cancellationToken);
        }
        EnsureConnected();
        var messageId = accept().MessageId;
        if (half > TimeSpan.Zero)
        {
            await Task.Delay(half, time, cancellationToken);
        }
        return messageId;
    }

    // As a real network: nothing goes out from a session that is not connected.
    private void EnsureConnected()
    {
        if (!_status.IsConnected)
        {
            throw new InvalidOperationException($"The sandbox session is {_status.Status}, not connected.");
        }
    }

    public Task<IReadOnlyList<ChatGroupInfo>> ListGroupsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ChatGroupInfo>>(world.Groups(userId).Select(group => new ChatGroupInfo(group.Id, group.Name)).ToList());

    // The sandbox keeps no history of its own: group history comes from the archive.
    public Task<IReadOnlyList<InboundMessage>?> FetchGroupMessagesAsync(string groupId, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<InboundMessage>?>([]);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void SetStatus(ChatStatus status)
    {
        _status = status;
        _sink?.StatusChanged(status);
    }
}

public sealed class PipelineStoppedException() : Exception("The session is not running.");
