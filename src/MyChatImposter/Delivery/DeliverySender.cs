namespace MyChatImposter.Delivery;

public enum SenderActivity
{
    Starting,
    // Nothing to send until an item is enqueued, retried or moved to active.
    Idle,
    // Items wait (a retry's backoff, a cap, a rate-limit pause, the store) until Until.
    Waiting,
    // The random pause between two sends.
    Pausing,
    Typing,
    Sending,
    Stopped,
}

// Step grows with every change, so a watcher can wait for the state after the one it saw.
public sealed record SenderState(long Step, SenderActivity Activity, DateTimeOffset? Until = null, string? Reason = null);

// Sends one connected account's active items, one at a time, from the start of its session's `connected`
// until the session stops or disconnects (DeliveryQueue starts and stops it). Each round: ask the planner
// for the next item (FIFO per recipient, caps, backoff), send it, pause a random time. Every wait goes
// through TimeProvider. With nothing to send at all the rounds end (state Idle) and the next Wake starts
// them again: most linked accounts are idle, and an idle one then holds no task, timer or registration.
//
// One attempt, and where a crash can land:
//   1. Claim: Attempts + 1 and SendingSince, in one write, before the provider is called.
//   2. The provider sends and returns its message id.
//   3. Complete: state sent with that id, in one write. A sent item is never picked again.
// A crash between the network's acceptance in 2 and the write in 3 leaves an item still marked in flight
// that was delivered; after the restart it is sent again (at least once). That window is one provider call's
// answer plus one single-row write, per account at most one item at a time. An attempt that fails, or that
// the rate limit or a disconnect interrupts, is released in one write with its outcome.
public sealed partial class DeliverySender
{
    private static readonly TimeSpan StoreRetryDelay = TimeSpan.FromSeconds(5);

    private readonly IDeliveryStore _store;
    private readonly DeliveryOptions _options;
    private readonly DeliveryPacing _pacing;
    private readonly DeliveryMetrics _metrics;
    private readonly BotActivityRecorder _activity;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DeliveryPlanner _planner;
    private readonly Action<DeliveryChange> _changed;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _stateGate = new();
    private readonly List<(Func<SenderState, bool> Condition, TaskCompletionSource<SenderState> Reached)> _watchers = [];
    // Sent, but the write recording it failed: recorded before anything else is sent, never sent again.
    private readonly Dictionary<string, (string ProviderMessageId, DateTimeOffset SentAt)> _sentNotRecorded = new(StringComparer.Ordinal);
    private TaskCompletionSource _wake = NewSignal();
    private SenderState _state = new(0, SenderActivity.Starting);
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private int _rateLimitedInARow;
    private bool _seeded;
    private Task _run = Task.CompletedTask;
    // Whether rounds are running (or about to), and whether StopAsync has been called; both under _runGate.
    private readonly Lock _runGate = new();
    private bool _running;
    private bool _stopped;

    public DeliverySender(
        ChatSession session, IDeliveryStore store, DeliveryOptions options, DeliveryPacing pacing, DeliveryMetrics metrics,
        BotActivityRecorder activity, TimeProvider time, ILogger logger, DateTimeOffset pausedUntil, Action<DeliveryChange> changed)
    {
        _changed = changed;
        Session = session;
        _store = store;
        _options = options;
        _pacing = pacing;
        _metrics = metrics;
        _activity = activity;
        _time = time;
        _logger = logger;
        _planner = new DeliveryPlanner(options);
        _pausedUntil = pausedUntil;
    }

    public ChatSession Session { get; }

    // Until then the network's rate limit holds every send of the account.
    public DateTimeOffset PausedUntil => _pausedUntil;

    private string UserId => Session.UserId;

    // False while the sender is idle with its rounds ended (or stopped): it then holds no task and no wait.
    public bool HasRounds
    {
        get { lock (_runGate) { return _running; } }
    }

    public SenderState State
    {
        get { lock (_stateGate) { return _state; } }
    }

    public void Start() => Resume();

    // Something may have become sendable (enqueued, retried, moved to active): look again now.
    public void Wake()
    {
        Volatile.Read(ref _wake).TrySetResult();
        Resume();
    }

    // Waits, pauses and typing end at once; a send in progress finishes (within Delivery:SendTimeout), so its
    // outcome is recorded rather than left in flight.
    public async Task StopAsync()
    {
        Task run;
        lock (_runGate)
        {
            _stopped = true;
            run = _run;
        }
        await _stop.CancelAsync();
        await run;
        if (State.Activity != SenderActivity.Stopped)
        {
            SetState(SenderActivity.Stopped);
        }
    }

    // Starts the rounds unless they run. Not in the caller's execution context: the rounds outlive the
    // request or report that woke them, and must not keep its activity and logging scopes alive.
    private void Resume()
    {
        lock (_runGate)
        {
            if (_running || _stopped)
            {
                return;
            }
            _running = true;
            using (ExecutionContext.SuppressFlow())
            {
                _run = Task.Run(RunAsync);
            }
        }
    }

    // Nothing to send: the rounds end unless a wake came since this round read the store (then it goes on).
    private bool TryEndRounds(Task wake, string reason)
    {
        lock (_runGate)
        {
            if (wake.IsCompleted)
            {
                return false;
            }
            _running = false;
            SetState(SenderActivity.Idle, null, reason);
            return true;
        }
    }

    // Completes when the sender's state satisfies the condition (now or later).
    public Task<SenderState> WaitForAsync(Func<SenderState, bool> condition, CancellationToken cancellationToken)
    {
        TaskCompletionSource<SenderState> reached;
        lock (_stateGate)
        {
            if (condition(_state))
            {
                return Task.FromResult(_state);
            }
            reached = new TaskCompletionSource<SenderState>(TaskCreationOptions.RunContinuationsAsynchronously);
            _watchers.Add((condition, reached));
        }
        cancellationToken.Register(() => reached.TrySetCanceled(cancellationToken));
        return reached.Task;
    }

    private async Task RunAsync()
    {
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (!_seeded)
                {
                    _planner.Seed(await _store.SentSinceAsync(UserId, _time.GetUtcNow() - TimeSpan.FromDays(1), stop));
                    _seeded = true;
                }
                // Before reading the store: a wake after this point is seen by the wait below.
                var wake = ResetWake();
                await RecordWhatWasSentAsync();
                var heads = await _store.ActiveHeadsAsync(UserId, stop);
                var step = _planner.Next(heads, _time.GetUtcNow(), _pausedUntil);
                if (step is WaitUntil { Until: null } idle && TryEndRounds(wake, idle.Reason))
                {
                    return;
                }
                if (step is WaitUntil wait)
                {
                    await WaitAsync(wait.Until, wait.Until is null ? SenderActivity.Idle : SenderActivity.Waiting, wait.Reason, wake, stop);
                }
                else if (step is SendItem send && await DeliverAsync(send.Item, wake, stop))
                {
                    await WaitAsync(_time.GetUtcNow() + _pacing.Pause(), SenderActivity.Pausing, "the pause between sends", null, stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error)
            {
                LogRoundFailed(_logger, error, UserId);
                try
                {
                    await WaitAsync(_time.GetUtcNow() + StoreRetryDelay, SenderActivity.Waiting, "the last round failed", null, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        SetState(SenderActivity.Stopped);
    }

    // True when an attempt was made (so the pause between sends follows).
    private async Task<bool> DeliverAsync(DeliveryItem item, Task wake, CancellationToken stop)
    {
        if (item.Attempts >= _options.MaxAttempts)
        {
            // Only after a crash during the last attempt: it may have gone out or not, so a person decides.
            await FailAsync(item, item.Attempts, item.SendingSince is null
                ? $"{item.Attempts} attempts used."
                : "The host stopped during the last attempt; the message may or may not have been delivered.", "interrupted last attempt");
            return false;
        }
        if (DeliveryContent.Decode(item.MessageType, item.Content) is not { } content)
        {
            await FailAsync(item, item.Attempts,
                $"This build cannot send a '{item.MessageType}' item (unknown type or unreadable content).", "unsendable content");
            return false;
        }
        if (!Session.Status.IsConnected)
        {
            // The queue stops this sender on the status report that follows; nothing is tried meanwhile.
            await WaitAsync(null, SenderActivity.Waiting, "the account is not connected", wake, stop);
            return false;
        }
        if (!await _store.ClaimAsync(item.Id, _time.GetUtcNow(), CancellationToken.None))
        {
            return false; // deleted or moved to holding meanwhile
        }

        var attempt = item.Attempts + 1;
        string providerMessageId;
        try
        {
            providerMessageId = await SendAsync(item, content, stop);
        }
        catch (ChatRateLimitedException limited)
        {
            _rateLimitedInARow++;
            _pausedUntil = _time.GetUtcNow() + _pacing.RateLimitPause(_rateLimitedInARow, limited.RetryAfter);
            await _store.ReleaseAsync(item.Id, null, ErrorText.Of(limited), refundAttempt: true, CancellationToken.None);
            Changed(item.Id, DeliveryState.Active);
            _metrics.Failure("rate_limited");
            LogRateLimited(_logger, UserId, _pausedUntil);
            return false;
        }
        catch (Exception) when (stop.IsCancellationRequested || !Session.Status.IsConnected)
        {
            // The account went away (or the sender is stopping) during the attempt: not the item's fault.
            await _store.ReleaseAsync(item.Id, null, null, refundAttempt: true, CancellationToken.None);
            LogInterrupted(_logger, item.Id, UserId);
            return false;
        }
        catch (Exception error)
        {
            var now = _time.GetUtcNow();
            if (attempt >= _options.MaxAttempts)
            {
                await FailAsync(item, attempt, ErrorText.Of(error), error.GetType().Name);
            }
            else
            {
                var retryAt = now + _pacing.RetryDelay(attempt);
                await _store.ReleaseAsync(item.Id, retryAt, ErrorText.Of(error), refundAttempt: false, CancellationToken.None);
                Changed(item.Id, DeliveryState.Active);
                _metrics.Failure("retry");
                LogRetrying(_logger, item.Id, UserId, attempt, _options.MaxAttempts, retryAt, error.GetType().Name);
            }
            return true;
        }

        _rateLimitedInARow = 0;
        Session.SentMessages.RecordSent(providerMessageId);
        var sentAt = _time.GetUtcNow();
        _planner.RecordSent(item.Recipient, sentAt);
        _metrics.Sent.Add(1);
        _activity.Sent(UserId);
        _metrics.EnqueueToSend.Record((sentAt - item.CreatedAt).TotalSeconds);
        _sentNotRecorded[item.Id] = (providerMessageId, sentAt);
        await RecordWhatWasSentAsync();
        LogSent(_logger, item.Id, UserId, attempt);
        return true;
    }

    private async Task<string> SendAsync(DeliveryItem item, OutboundContent content, CancellationToken stop)
    {
        var recipient = item.Recipient;
        if (content is TextContent typed && _options.TypingPresence && recipient != OutboundMessage.SelfRecipient
            && _pacing.Typing(typed.Text.Length) is var typing && typing > TimeSpan.Zero)
        {
            await PresenceAsync(recipient, ChatPresence.Typing, stop);
            await WaitAsync(_time.GetUtcNow() + typing, SenderActivity.Typing, "typing…", null, stop);
            await PresenceAsync(recipient, ChatPresence.Paused, stop);
        }

        SetState(SenderActivity.Sending);
        // Not the stop token: a send that has started is let finish, so its outcome is known and recorded.
        using var timeout = new CancellationTokenSource(_options.SendTimeout, _time);
        switch (content)
        {
            case TextContent text:
                // The provider may echo the message back before the send returns its id (bot-echo detection).
                Session.SentMessages.RecordPending(recipient, text.Text);
                return await Session.Provider.SendTextAsync(recipient, text.Text, timeout.Token);
            case DocumentContent document:
                return await Session.Provider.SendDocumentAsync(
                    recipient, document.Content, document.FileName, document.MimeType, document.Caption, timeout.Token);
            default:
                throw new InvalidOperationException($"{content.GetType().Name} has no way to be sent.");
        }
    }

    // "typing…" is a courtesy: a failure of it never fails the message.
    private async Task PresenceAsync(string recipient, ChatPresence presence, CancellationToken stop)
    {
        try
        {
            await Session.Provider.SendPresenceAsync(recipient, presence, stop);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogPresenceFailed(_logger, UserId, error.GetType().Name);
        }
    }

    private async Task FailAsync(DeliveryItem item, int attempts, string error, string reason)
    {
        await _store.FailAsync(item.Id, error, _time.GetUtcNow(), CancellationToken.None);
        Changed(item.Id, DeliveryState.Failed);
        _metrics.Failure("failed");
        _activity.DeliveryFailed(UserId);
        LogFailed(_logger, item.Id, UserId, attempts, reason);
    }

    // Throws when the store is down: the round fails and is tried again, and nothing is sent before this holds.
    private async Task RecordWhatWasSentAsync()
    {
        foreach (var (itemId, (providerMessageId, sentAt)) in _sentNotRecorded.ToList())
        {
            await _store.CompleteAsync(itemId, providerMessageId, sentAt, CancellationToken.None);
            _sentNotRecorded.Remove(itemId);
            Changed(itemId, DeliveryState.Sent);
        }
    }

    // Wake (when given) ends the wait early; stop ends it with OperationCanceledException.
    private async Task WaitAsync(DateTimeOffset? until, SenderActivity activity, string reason, Task? wake, CancellationToken stop)
    {
        using var endWait = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var delay = until is { } at
            ? Task.Delay(TimeSpan.FromTicks(Math.Max(0, (at - _time.GetUtcNow()).Ticks)), _time, endWait.Token)
            : Task.Delay(Timeout.InfiniteTimeSpan, endWait.Token);
        // Published once the timer exists: whoever advances the clock on seeing this cannot race the timer.
        SetState(activity, until, reason);
        await (wake is null ? Task.WhenAny(delay) : Task.WhenAny(delay, wake));
        await endWait.CancelAsync();
        stop.ThrowIfCancellationRequested();
    }

    private void Changed(string itemId, DeliveryState state) => _changed(new DeliveryChange(UserId, itemId, state));

    private Task ResetWake()
    {
        var fresh = NewSignal();
        Volatile.Write(ref _wake, fresh);
        return fresh.Task;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void SetState(SenderActivity activity, DateTimeOffset? until = null, string? reason = null)
    {
        lock (_stateGate)
        {
            _state = new SenderState(_state.Step + 1, activity, until, reason);
            for (var index = _watchers.Count - 1; index >= 0; index--)
            {
                if (_watchers[index].Reached.Task.IsCompleted || _watchers[index].Condition(_state))
                {
                    _watchers[index].Reached.TrySetResult(_state);
                    _watchers.RemoveAt(index);
                }
            }
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "Delivery item {ItemId} of {UserId} sent on attempt {Attempt}")]
    private static partial void LogSent(ILogger logger, string itemId, string userId, int attempt);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning,
        Message = "Delivery item {ItemId} of {UserId} failed on attempt {Attempt} of {MaxAttempts} ({ErrorType}); next try at {RetryAt}")]
    private static partial void LogRetrying(ILogger logger, string itemId, string userId, int attempt, int maxAttempts, DateTimeOffset retryAt, string errorType);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Delivery item {ItemId} of {UserId} failed after {Attempts} attempt(s): {Reason}")]
    private static partial void LogFailed(ILogger logger, string itemId, string userId, int attempts, string reason);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "The network rate-limited {UserId}; its sends pause until {Until}")]
    private static partial void LogRateLimited(ILogger logger, string userId, DateTimeOffset until);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Information,
        Message = "Delivery item {ItemId} of {UserId} was interrupted by the session stopping; the attempt is not counted")]
    private static partial void LogInterrupted(ILogger logger, string itemId, string userId);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Error, Message = "A delivery round of {UserId} failed; it is tried again in 5 s")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception, string userId);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Debug, Message = "The typing presence of {UserId} failed ({ErrorType})")]
    private static partial void LogPresenceFailed(ILogger logger, string userId, string errorType);
}
