using MyChatImposter.ChatProviders.Sandbox;

namespace MyChatImposter.Live;

// Where the events come from: the sessions' status reports and stops, the delivery queue's changes, the
// sandbox's messages and the LLM health reports, each handed to the hub as it happens. Wired while the host
// runs; a page can only subscribe once the server listens, after this started.
public sealed class LiveFeeds(LiveHub hub, ChatSessions sessions, DeliveryQueue delivery, SandboxWorld sandbox, LlmHealth llm)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        sessions.StatusReported += OnStatusReported;
        sessions.SessionStopped += OnSessionStopped;
        delivery.Changed += OnDeliveryChanged;
        sandbox.MessageRecorded += OnSandboxMessage;
        llm.Changed += OnLlmChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        sessions.StatusReported -= OnStatusReported;
        sessions.SessionStopped -= OnSessionStopped;
        delivery.Changed -= OnDeliveryChanged;
        sandbox.MessageRecorded -= OnSandboxMessage;
        llm.Changed -= OnLlmChanged;
        return Task.CompletedTask;
    }

    private void OnStatusReported(ChatSession session, ChatStatus status) => hub.Publish(new SessionStatusChanged(session.UserId, status));

    private void OnSessionStopped(ChatSession session) => hub.Publish(new SessionStatusChanged(session.UserId, null));

    private void OnDeliveryChanged(DeliveryChange change) => hub.Publish(new DeliveryChanged(change.UserId, change.ItemId, change.State));

    private void OnSandboxMessage(SandboxMessageRecorded message) =>
        hub.Publish(new SandboxMessage(message.UserId, message.Conversation, message.Outbound));

    private void OnLlmChanged(string userId) => hub.Publish(new LlmHealthChanged(userId));
}
