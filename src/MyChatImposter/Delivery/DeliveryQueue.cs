namespace MyChatImposter.Delivery;

// The delivery queue of every user: stores what features enqueue, keeps each user's items in the state
// their session calls for, and runs a sender for each connected user (spec/03 with the recommendations of §6).
//
// Transitions (the issue's, and why):
//   host start                  → every active item to holding (nobody is connected yet)
//   session reports connected   → the user's holding items to active, its sender starts
//   any other report (disconnected, error, close, connecting: a WhatsApp drop included), or the session
//   stops (unlink, reload, delete, shutdown) → the sender stops, active items to holding
//   delete user                 → the user's items are erased
// "Connected" is the session's latest report, never a cached flag (spec/14 #22). A new item is stored
// active when its user's sender runs, holding otherwise. Per user, transitions run one at a time in the
// order of the reports, and enqueues wait only for the short moment a state flips, so an item never lands
// in active while its user has no sender.
public sealed partial class DeliveryQueue(
    IDeliveryStore store, IOptions<DeliveryOptions> options, DeliveryPacing pacing, DeliveryMetrics metrics,
    TimeProvider time, ILoggerFactory loggers) : IDeliveryQueue
{
    // WhatsApp's own limit for a text message.
    public const int MaxTextLength = 65_536;
    public const int MaxRecipientLength = 200;
    public const int MaxOriginLength = 64;

    private readonly ConcurrentDictionary<string, UserDelivery> _users = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<Task, byte> _transitions = new();
    private readonly ILogger _logger = loggers.CreateLogger<DeliveryQueue>();
    private Func<string, ChatSession?> _liveSession = _ => null;
    private volatile bool _stopping;

    // Raised after each change of a user's items is stored, on the thread that made it: handlers must not block.
    public event Action<DeliveryChange>? Changed;

    private sealed class UserDelivery
    {
        // Held for a whole transition, so they apply one at a time.
        public SemaphoreSlim Transition { get; } = new(1, 1);

        // Held while Accepting flips and while an item is stored: the state an item is stored in is never stale.
        public SemaphoreSlim StateGate { get; } = new(1, 1);

        public bool Accepting { get; set; }

        public DeliverySender? Sender { get; set; }

        // A rate-limit pause outlives the sender that received it: a reload must not send straight into it.
        public DateTimeOffset PausedUntil { get; set; } = DateTimeOffset.MinValue;
    }

    private UserDelivery User(string userId) => _users.GetOrAdd(userId, _ => new UserDelivery());

    public async Task<DeliveryItemId> EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        Validate(message);
        var (messageType, content) = DeliveryContent.Encode(message.Content);
        var user = User(message.UserId);
        await user.StateGate.WaitAsync(cancellationToken);
        DeliveryItem stored;
        try
        {
            var session = _liveSession(message.UserId);
            stored = await store.AddAsync(new DeliveryItem(
                message.Id ?? Guid.NewGuid().ToString(), message.UserId, session is null ? null : ProviderNames.Canonical(session.Provider.Kind),
                message.Recipient, message.Origin, messageType, content,
                user.Accepting ? DeliveryState.Active : DeliveryState.Holding, 0, time.GetUtcNow()), CancellationToken.None);
        }
        finally
        {
            user.StateGate.Release();
        }
        user.Sender?.Wake();
        LogEnqueued(_logger, stored.Id, message.UserId, message.Origin, stored.State);
        Changed?.Invoke(new DeliveryChange(message.UserId, stored.Id, stored.State));
        return new DeliveryItemId(stored.Id);
    }

    // The problem with a message (the field, by the API's names, and what is wrong), or null. Public so the
    // API validates with the same rules.
    public static (string Field, string Message)? Problem(OutboundMessage message) => message switch
    {
        { UserId: var userId } when !UserIdRule.IsValid(userId) => ("user_id", UserIdRule.Description),
        { Recipient: var recipient } when string.IsNullOrWhiteSpace(recipient) => ("recipient", "is required."),
        { Recipient.Length: > MaxRecipientLength } => ("recipient", $"at most {MaxRecipientLength} characters."),
        { Recipient: var recipient } when recipient.Any(char.IsControl) => ("recipient", "must not contain control characters."),
        { Origin: var origin } when string.IsNullOrWhiteSpace(origin) || origin.Length > MaxOriginLength =>
            ("origin", $"1 to {MaxOriginLength} characters."),
        { Content: null } => ("content", "is required."),
        { Content: TextContent { Text: var text } } when string.IsNullOrEmpty(text) => ("text", "is required."),
        { Content: TextContent { Text.Length: > MaxTextLength } } => ("text", $"at most {MaxTextLength} characters."),
        { Content: DocumentContent { FileName: var name } } when string.IsNullOrWhiteSpace(name) => ("file_name", "is required."),
        _ => null,
    };

    private static void Validate(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (Problem(message) is { } problem)
        {
            throw new ArgumentException($"{problem.Field}: {problem.Message}", nameof(message));
        }
    }

    // The sender of a connected user (its state shows why items wait), null otherwise.
    public DeliverySender? SenderOf(string userId) => _users.TryGetValue(userId, out var user) ? user.Sender : null;

    // True when the user's new and retried items go straight to active.
    public bool IsSending(string userId) => _users.TryGetValue(userId, out var user) && user.Accepting;

    // A failed item back into the queue with its attempts reset: active if its user is connected, holding
    // otherwise. False when it is not (or no longer) failed.
    public async Task<bool> RetryAsync(DeliveryItem item, CancellationToken cancellationToken)
    {
        var user = User(item.UserId);
        bool retried;
        DeliveryState state;
        await user.StateGate.WaitAsync(cancellationToken);
        try
        {
            state = user.Accepting ? DeliveryState.Active : DeliveryState.Holding;
            retried = await store.RetryAsync(item.Id, state, CancellationToken.None);
        }
        finally
        {
            user.StateGate.Release();
        }
        user.Sender?.Wake();
        if (retried)
        {
            Changed?.Invoke(new DeliveryChange(item.UserId, item.Id, state));
        }
        return retried;
    }

    // Every failed item of the user back into the queue; returns how many and the state they went to.
    public async Task<(long Count, DeliveryState State)> RetryAllAsync(string userId, CancellationToken cancellationToken)
    {
        var user = User(userId);
        (long, DeliveryState) retried;
        await user.StateGate.WaitAsync(cancellationToken);
        try
        {
            var state = user.Accepting ? DeliveryState.Active : DeliveryState.Holding;
            retried = (await store.RetryAllAsync(userId, state, CancellationToken.None), state);
        }
        finally
        {
            user.StateGate.Release();
        }
        user.Sender?.Wake();
        if (retried.Item1 > 0)
        {
            Changed?.Invoke(new DeliveryChange(userId, null, retried.Item2));
        }
        return retried;
    }

    // An item a person deleted from its queue (the delivery page, the API). False when it is no longer there.
    public async Task<bool> DeleteAsync(DeliveryItem item, DeliveryState state, CancellationToken cancellationToken)
    {
        var deleted = await store.DeleteAsync(item.Id, state, cancellationToken);
        if (deleted)
        {
            Changed?.Invoke(new DeliveryChange(item.UserId, item.Id, null));
        }
        return deleted;
    }

    // An attempt in flight is not stopped: it may already be on the wire.
    public async Task<IReadOnlyList<DeliveryItem>> WithdrawAsync(
        string userId, string recipient, string origin, CancellationToken cancellationToken)
    {
        var withdrawn = await store.WithdrawAsync(userId, recipient, origin, time.GetUtcNow(), cancellationToken);
        if (withdrawn.Count > 0)
        {
            LogWithdrawn(_logger, withdrawn.Count, userId, recipient, origin);
            Changed?.Invoke(new DeliveryChange(userId, withdrawn.Count == 1 ? withdrawn[0].Id : null, DeliveryState.Withdrawn));
        }
        return withdrawn;
    }

    // Deleting the user: its sender stops, then every item of the user goes.
    public async Task<long> EraseAsync(string userId, CancellationToken cancellationToken)
    {
        var user = User(userId);
        await user.Transition.WaitAsync(cancellationToken);
        try
        {
            await StopSendingAsync(userId, user);
            var erased = await store.DeleteForUserAsync(userId, CancellationToken.None);
            Changed?.Invoke(new DeliveryChange(userId, null, null));
            return erased;
        }
        finally
        {
            user.Transition.Release();
        }
    }

    // Host start: nobody is connected yet, so every active item waits in holding; then the sessions that
    // reported meanwhile, or are live already, are applied. liveSession is the user's current session
    // (ChatSessions.Get): transitions read it when they run, never a report's copy.
    public async Task StartAsync(
        Func<string, ChatSession?> liveSession, IEnumerable<string> liveUserIds, CancellationToken cancellationToken)
    {
        _liveSession = liveSession;
        var held = await store.MoveAsync(null, DeliveryState.Active, DeliveryState.Holding, cancellationToken);
        LogStarted(_logger, held);
        _started.TrySetResult();
        foreach (var userId in liveUserIds)
        {
            Schedule(userId);
        }
    }

    // Host stop: every sender stops after its current send, and every user's active items go to holding.
    public async Task StopAsync()
    {
        _stopping = true;
        if (!_started.Task.IsCompleted)
        {
            return;
        }
        await WhenTransitionsDoneAsync();
        await Task.WhenAll(_users.Keys.Select(ApplyAsync));
    }

    // Completes when every transition scheduled so far has been applied (a report is applied in the
    // background; this is the signal to await it).
    public Task WhenTransitionsDoneAsync() => Task.WhenAll(_transitions.Keys);

    // A session reported a status, or stopped (ChatSessions.StatusReported, SessionStopped). Reports arrive
    // on the provider's thread and must not wait for the database: the transition runs in the background and
    // reads the live session when it runs, so the last one applied reflects the latest report.
    public void Schedule(string userId)
    {
        if (_stopping)
        {
            return;
        }
        var transition = ApplyAsync(userId);
        _transitions.TryAdd(transition, 0);
        transition.ContinueWith(done => _transitions.TryRemove(done, out _), TaskScheduler.Default);
    }

    private async Task ApplyAsync(string userId)
    {
        await _started.Task;
        var user = User(userId);
        await user.Transition.WaitAsync();
        try
        {
            var session = _liveSession(userId);
            if (!_stopping && session is { Status.IsConnected: true })
            {
                if (user.Sender is { } running && running.Session != session)
                {
                    await StopSendingAsync(userId, user); // a reload: the new session has its own provider
                }
                await StartSendingAsync(user, session);
            }
            else
            {
                await StopSendingAsync(userId, user);
            }
        }
        catch (Exception error)
        {
            LogTransitionFailed(_logger, error, userId);
        }
        finally
        {
            user.Transition.Release();
        }
    }

    private async Task StartSendingAsync(UserDelivery user, ChatSession session)
    {
        long activated;
        await user.StateGate.WaitAsync();
        try
        {
            activated = await store.MoveAsync(session.UserId, DeliveryState.Holding, DeliveryState.Active, CancellationToken.None);
            user.Accepting = true;
        }
        finally
        {
            user.StateGate.Release();
        }
        if (user.Sender is null)
        {
            user.Sender = new DeliverySender(session, store, options.Value, pacing, metrics, time, loggers.CreateLogger<DeliverySender>(),
                user.PausedUntil, change => Changed?.Invoke(change));
            user.Sender.Start();
            LogSending(_logger, session.UserId, activated);
        }
        if (activated > 0)
        {
            Changed?.Invoke(new DeliveryChange(session.UserId, null, DeliveryState.Active));
        }
        user.Sender.Wake();
    }

    private async Task StopSendingAsync(string userId, UserDelivery user)
    {
        await user.StateGate.WaitAsync();
        try
        {
            user.Accepting = false;
        }
        finally
        {
            user.StateGate.Release();
        }
        if (user.Sender is { } sender)
        {
            user.Sender = null;
            await sender.StopAsync();
            user.PausedUntil = sender.PausedUntil;
        }
        // After the sender stopped (an item it released at the end is held too), and whether or not one ran.
        var held = await store.MoveAsync(userId, DeliveryState.Active, DeliveryState.Holding, CancellationToken.None);
        if (held > 0)
        {
            LogHolding(_logger, userId, held);
            Changed?.Invoke(new DeliveryChange(userId, null, DeliveryState.Holding));
        }
    }

    [LoggerMessage(EventId = 4111, Level = LogLevel.Debug, Message = "Delivery item {ItemId} of {UserId} enqueued by {Origin} ({State})")]
    private static partial void LogEnqueued(ILogger logger, string itemId, string userId, string origin, DeliveryState state);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Information, Message = "Delivery queue started; {Count} active item(s) wait in holding until their account connects")]
    private static partial void LogStarted(ILogger logger, long count);

    [LoggerMessage(EventId = 4113, Level = LogLevel.Information, Message = "Delivery for {UserId} started; {Count} held item(s) are active again")]
    private static partial void LogSending(ILogger logger, string userId, long count);

    [LoggerMessage(EventId = 4114, Level = LogLevel.Information, Message = "Delivery for {UserId} stopped; {Count} active item(s) wait in holding")]
    private static partial void LogHolding(ILogger logger, string userId, long count);

    [LoggerMessage(EventId = 4116, Level = LogLevel.Information,
        Message = "Withdrew {Count} unsent item(s) of {UserId} to {Recipient} from {Origin}: the owner took the conversation over")]
    private static partial void LogWithdrawn(ILogger logger, int count, string userId, string recipient, string origin);

    [LoggerMessage(EventId = 4115, Level = LogLevel.Error, Message = "A delivery state change for {UserId} failed")]
    private static partial void LogTransitionFailed(ILogger logger, Exception exception, string userId);
}
