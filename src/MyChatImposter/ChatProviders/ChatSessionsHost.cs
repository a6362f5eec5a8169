namespace MyChatImposter.ChatProviders;

// Brings linked sessions back when the host starts and drains every pipeline when it stops.
public sealed partial class ChatSessionsHost(ChatSessions sessions, ILogger<ChatSessionsHost> logger) : IHostedService
{
    // Completes when the sessions linked before the last stop have been started again.
    public Task Resumed { get; private set; } = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // In the background: a slow provider must not hold up the web server's start.
        Resumed = Task.Run(async () =>
        {
            try
            {
                await sessions.ResumeLinkedAsync(CancellationToken.None);
            }
            catch (Exception error)
            {
                LogResumeFailed(logger, error);
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => sessions.StopAllAsync(cancellationToken);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Error, Message = "Resuming linked sessions failed")]
    private static partial void LogResumeFailed(ILogger logger, Exception exception);
}
