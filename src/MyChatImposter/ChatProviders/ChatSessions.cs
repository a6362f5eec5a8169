namespace MyChatImposter.ChatProviders;

public enum SessionChange
{
    Done,
    NoConfiguration,
    InvalidConfiguration,
    // A live session exists that is neither disconnected nor in error.
    AlreadyActive,
    NoSession,
    ProviderUnavailable,
    // The provider is in this build but cannot start on this host as set up (e.g. WhatsApp without Node.js).
    ProviderNotReady,
    // An enabled feature needs a part this host does not have (e.g. auto-reply without an LLM client).
    FeatureUnavailable,
}

public sealed record SessionChangeResult(SessionChange Outcome, string? Detail = null, IReadOnlyDictionary<string, string[]>? Errors = null, ChatSession? Session = null);

// The live chat sessions, at most one per user, and their lifecycle (spec/09): link, unlink, reload,
// delete. Operations on one user are serialised, so two clicks cannot start two sessions or race a stop
// against a start (spec/14 §C); different users never wait for each other.
public sealed partial class ChatSessions(
    IBotConfigurationStore configurations, IChatSessionStore sessionRecords, ChatProviderFactory providers,
    UserPipelineFactory pipelines, IEnumerable<IMessageFeatureFactory> featureFactories, IEnumerable<IUserDataEraser> erasers,
    TimeProvider time, IOptions<PipelineOptions> options, IOptions<LlmOptions> llmOptions, ILogger<ChatSessions> logger)
{
    private readonly ConcurrentDictionary<string, ChatSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _userLocks = new(StringComparer.Ordinal);

    // Raised for every status report of every session (delivery and group tracking subscribe).
    public event Action<ChatSession, ChatStatus>? StatusReported;

    // Raised once a session is stopped and forgotten (unlink, reload, delete, shutdown), whatever its provider
    // reported while stopping.
    public event Action<ChatSession>? SessionStopped;

    public ChatSession? Get(string userId) => _sessions.GetValueOrDefault(userId);

    public IReadOnlyCollection<ChatSession> All => [.. _sessions.Values];

    public async Task<SessionChangeResult> LinkAsync(string userId, CancellationToken cancellationToken)
    {
        using var _ = await LockAsync(userId, cancellationToken);
        if (_sessions.TryGetValue(userId, out var existing))
        {
            if (!existing.Status.IsEnded)
            {
                return new(SessionChange.AlreadyActive, $"A session for '{userId}' is already {existing.Status.Status}.");
            }
            await StopAndForgetAsync(existing, logout: false, cancellationToken);
        }
        var result = await StartAsync(userId, cancellationToken);
        if (result.Outcome == SessionChange.Done)
        {
            await sessionRecords.SaveAsync(new ChatSessionRecord(userId,
                result.Session!.Configuration.Configurations.ChatProviderConfig.ProviderName, time.GetUtcNow()), cancellationToken);
        }
        return result;
    }

    public async Task<SessionChangeResult> UnlinkAsync(string userId, CancellationToken cancellationToken)
    {
        using var _ = await LockAsync(userId, cancellationToken);
        await sessionRecords.DeleteAsync(userId, cancellationToken);
        if (!_sessions.TryGetValue(userId, out var session))
        {
            return new(SessionChange.NoSession, $"'{userId}' has no live session.");
        }
        await StopAndForgetAsync(session, logout: true, cancellationToken);
        return new(SessionChange.Done);
    }

    // Restarts with the stored configuration; the provider's credentials are kept (no new QR).
    public async Task<SessionChangeResult> ReloadAsync(string userId, CancellationToken cancellationToken)
    {
        using var _ = await LockAsync(userId, cancellationToken);
        if (!_sessions.TryGetValue(userId, out var session))
        {
            return new(SessionChange.NoSession, $"'{userId}' has no live session.");
        }
        await StopAndForgetAsync(session, logout: false, cancellationToken);
        return await StartAsync(userId, cancellationToken);
    }

    // Deletes the user's configuration and every kind of data kept for them; the live session (if any)
    // is stopped with logout first. Returns NoConfiguration when there was nothing to delete.
    public async Task<(SessionChangeResult Result, IReadOnlyDictionary<string, long> Erased)> DeleteUserAsync(
        string userId, CancellationToken cancellationToken)
    {
        using var _ = await LockAsync(userId, cancellationToken);
        if (_sessions.TryGetValue(userId, out var session))
        {
            await StopAndForgetAsync(session, logout: true, cancellationToken);
        }
        var erased = new Dictionary<string, long>();
        foreach (var eraser in erasers)
        {
            erased[eraser.Name] = await eraser.EraseAsync(userId, cancellationToken);
        }
        var deleted = await configurations.DeleteAsync(userId, cancellationToken);
        erased["configuration"] = deleted ? 1 : 0;
        return (deleted || session is not null ? new(SessionChange.Done) : new(SessionChange.NoConfiguration), erased);
    }

    // Host start: sessions that were linked come back by themselves.
    public async Task ResumeLinkedAsync(CancellationToken cancellationToken)
    {
        foreach (var record in await sessionRecords.ListAsync(cancellationToken))
        {
            using var _ = await LockAsync(record.UserId, cancellationToken);
            if (_sessions.ContainsKey(record.UserId))
            {
                continue;
            }
            var result = await StartAsync(record.UserId, cancellationToken);
            if (result.Outcome == SessionChange.Done)
            {
                LogResumed(logger, record.UserId);
            }
            else
            {
                LogResumeFailed(logger, record.UserId, result.Outcome, result.Detail ?? "");
            }
        }
    }

    // Host shutdown: every pipeline drains; nobody is logged out and the linked records stay.
    public async Task StopAllAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_sessions.Keys.Select(async userId =>
        {
            using var _ = await LockAsync(userId, CancellationToken.None);
            if (_sessions.TryGetValue(userId, out var session))
            {
                await StopAndForgetAsync(session, logout: false, cancellationToken);
            }
        }));
    }

    private async Task<SessionChangeResult> StartAsync(string userId, CancellationToken cancellationToken)
    {
        var configuration = await configurations.GetAsync(userId, cancellationToken);
        if (configuration is null)
        {
            return new(SessionChange.NoConfiguration, $"No configuration exists for '{userId}'.");
        }
        var errors = ConfigurationValidator.Validate(configuration, llmOptions.Value);
        if (errors.Count > 0)
        {
            return new(SessionChange.InvalidConfiguration, "The stored configuration is not valid; save a corrected one.", errors);
        }

        IChatProvider provider;
        try
        {
            provider = providers.Create(userId, GroupAdmission.Effective(configuration));
        }
        catch (ChatProviderUnavailableException unavailable)
        {
            return new(SessionChange.ProviderUnavailable, unavailable.Message);
        }

        var sentMessages = new SentMessageRegistry(time);
        var deadLetters = pipelines.DeadLettersFor(userId);
        var context = new ChatSessionContext(userId, configuration, provider, deadLetters);
        var features = new List<IMessageFeature>();
        try
        {
            foreach (var factory in featureFactories)
            {
                features.AddRange(factory.CreateFor(context));
            }
        }
        catch (FeatureStartException refused)
        {
            // Nothing half-started stays behind: the features made so far are let go, the provider never started.
            await Task.WhenAll(features.Select(feature => feature.DrainAsync(CancellationToken.None)));
            await provider.DisposeAsync();
            return refused.Field is { } field
                ? new(SessionChange.InvalidConfiguration, refused.Message, new Dictionary<string, string[]> { [field] = [refused.Message] })
                : new(SessionChange.FeatureUnavailable, refused.Message);
        }
        var parts = pipelines.Create(userId, ProviderNames.Canonical(provider.Kind), configuration.Configurations.QueueConfig,
            features, sentMessages, deadLetters);
        var session = new ChatSession(userId, configuration, provider, parts, sentMessages, time.GetUtcNow());
        session.StatusReported += OnStatusReported;
        _sessions[userId] = session;
        try
        {
            await provider.StartAsync(session, cancellationToken);
        }
        catch (ChatProviderNotReadyException notReady)
        {
            await ForgetFailedStartAsync(session);
            return new(SessionChange.ProviderNotReady, notReady.Message);
        }
        catch
        {
            await ForgetFailedStartAsync(session);
            throw;
        }
        LogLinked(logger, userId, provider.Kind);
        return new(SessionChange.Done, Session: session);
    }

    // Nothing half-started stays behind (the original leaked writers and sessions here).
    private async Task ForgetFailedStartAsync(ChatSession session)
    {
        _sessions.TryRemove(new KeyValuePair<string, ChatSession>(session.UserId, session));
        session.StatusReported -= OnStatusReported;
        SessionStopped?.Invoke(session);
        await session.Pipeline.Pipeline.DrainAsync(options.Value.DrainTimeout);
        await session.Provider.DisposeAsync();
    }

    private async Task StopAndForgetAsync(ChatSession session, bool logout, CancellationToken cancellationToken)
    {
        try
        {
            await session.StopAsync(logout, options.Value.DrainTimeout, cancellationToken);
        }
        finally
        {
            session.StatusReported -= OnStatusReported;
            _sessions.TryRemove(new KeyValuePair<string, ChatSession>(session.UserId, session));
            LogStopped(logger, session.UserId, logout);
            SessionStopped?.Invoke(session);
        }
    }

    private void OnStatusReported(ChatSession session, ChatStatus status) => StatusReported?.Invoke(session, status);

    private async Task<IDisposable> LockAsync(string userId, CancellationToken cancellationToken)
    {
        var gate = _userLocks.GetOrAdd(userId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Releaser(gate);
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Session of {UserId} started ({Provider})")]
    private static partial void LogLinked(ILogger logger, string userId, ChatProviderKind provider);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Session of {UserId} stopped (logout: {Logout})")]
    private static partial void LogStopped(ILogger logger, string userId, bool logout);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Session of {UserId} resumed after restart")]
    private static partial void LogResumed(ILogger logger, string userId);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Session of {UserId} could not resume: {Outcome} {Detail}")]
    private static partial void LogResumeFailed(ILogger logger, string userId, SessionChange outcome, string detail);
}
