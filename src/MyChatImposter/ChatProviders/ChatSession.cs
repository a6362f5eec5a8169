namespace MyChatImposter.ChatProviders;

// A linked user: the configuration it started with, its chat provider and its pipeline.
public sealed class ChatSession(
    string userId, UserConfiguration configuration, IChatProvider provider, UserPipelineParts pipeline,
    SentMessageRegistry sentMessages, DateTimeOffset startedAt) : IChatSessionSink
{
    private readonly Lock _gate = new();
    private ChatStatus _status = new(ChatStatus.Initializing);

    public string UserId { get; } = userId;

    public Guid InstanceId { get; } = Guid.NewGuid();

    public UserConfiguration Configuration { get; } = configuration;

    public IChatProvider Provider { get; } = provider;

    public UserPipelineParts Pipeline { get; } = pipeline;

    public SentMessageRegistry SentMessages { get; } = sentMessages;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public ChatStatus Status
    {
        get { lock (_gate) { return _status; } }
    }

    // Raised after every status report (the delivery queue and group tracking react to connected/disconnected).
    public event Action<ChatSession, ChatStatus>? StatusReported;

    public Task<IngestOutcome> SubmitAsync(InboundMessage message, CancellationToken cancellationToken) =>
        Pipeline.Pipeline.SubmitAsync(message, cancellationToken);

    public void StatusChanged(ChatStatus status)
    {
        lock (_gate)
        {
            _status = status;
        }
        StatusReported?.Invoke(this, status);
    }

    // The provider stops first, so nothing new arrives; then everything accepted goes through the pipeline.
    public async Task StopAsync(bool logout, TimeSpan drainTimeout, CancellationToken cancellationToken)
    {
        try
        {
            await Provider.StopAsync(logout, cancellationToken);
        }
        finally
        {
            await Pipeline.Pipeline.DrainAsync(drainTimeout);
            await Provider.DisposeAsync();
        }
    }
}
