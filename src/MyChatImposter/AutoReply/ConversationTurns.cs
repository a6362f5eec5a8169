namespace MyChatImposter.AutoReply;

// A message waiting for the bot's answer: the archived message, what the bot is told of it, when it arrived.
public sealed record WaitingMessage(ArchivedMessage Message, Utterance Utterance, DateTimeOffset ArrivedAt);

// The work of one reply turn; ConversationTurns decides when it runs.
public interface IReplyTurn
{
    // The reply to the waiting messages, oldest first. Cancelled when the draft is discarded or the bot stops.
    Task<string> GenerateAsync(string correspondentId, IReadOnlyList<WaitingMessage> messages, CancellationToken cancellationToken);

    // Hands the reply over for sending and remembers the exchange.
    Task DeliverAsync(string correspondentId, IReadOnlyList<WaitingMessage> messages, string reply, CancellationToken cancellationToken);

    // Generating or delivering failed: nothing was sent and the messages stay unanswered (and archived).
    Task ReportFailureAsync(string correspondentId, IReadOnlyList<WaitingMessage> messages, Exception error);

    // The bot stopped before answering these.
    Task ReportUnansweredAsync(string correspondentId, IReadOnlyList<WaitingMessage> messages);
}

// One reply in flight per conversation (a contact, or a group), and a burst of messages answered once:
//
// 1. A turn starts when the conversation has been quiet for QuietPeriod after its latest waiting message, or
//    when its oldest waiting message has waited MaxWait, whichever comes first.
// 2. A turn answers every message waiting when it starts, in one LLM call.
// 3. A message arriving while the reply is being generated discards the draft (the LLM call is cancelled)
//    and waits with the others for the next turn (rule 1), which answers them all — unless the oldest of them
//    has already waited MaxWait: then the draft is sent, and the newcomer is answered by the next turn. So a
//    chatty contact is answered within about MaxWait plus one generation, and a reply is never discarded
//    once it is being sent.
// 4. A failed turn sends nothing and its messages are not retried (they are archived, and reported).
// 5. Stopping (drain) starts every waiting turn at once and waits for the turns; if the drain is cancelled,
//    the turns are cancelled and what they leave unanswered is reported.
//
// Turns run apart from the pipeline's lane: a slow LLM call never holds up another correspondent or user.
// Timers are armed when a message arrives, from the arrival time, so a fake clock in tests decides exactly.
public sealed partial class ConversationTurns(IReplyTurn turn, TimeProvider time, AutoReplyOptions options, ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Conversation> _conversations = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private bool _draining;

    private enum Outcome
    {
        Answered,
        Discarded,
        Failed,
        Stopped,
    }

    private sealed class Conversation(string correspondentId)
    {
        public string CorrespondentId { get; } = correspondentId;

        // Oldest first, including those the running turn answers.
        public List<WaitingMessage> Waiting { get; } = [];

        public ITimer? Timer { get; set; }

        // The running turn, null when none runs.
        public Task? Turn { get; set; }

        // The running turn's draft while it may still be discarded; cleared to discard it or once it is sent.
        public CancellationTokenSource? Draft { get; set; }

        // The timer fired while a turn ran: the next one starts as soon as it ends.
        public bool Due { get; set; }
    }

    public void Add(WaitingMessage message)
    {
        CancellationTokenSource? discarded = null;
        lock (_gate)
        {
            var correspondentId = message.Message.CorrespondentId;
            if (!_conversations.TryGetValue(correspondentId, out var conversation))
            {
                conversation = new Conversation(correspondentId);
                _conversations[correspondentId] = conversation;
            }
            conversation.Waiting.Add(message);
            var oldestWaited = message.ArrivedAt - conversation.Waiting[0].ArrivedAt;
            if (conversation.Draft is { } draft && oldestWaited < options.MaxWait)
            {
                discarded = draft;
                conversation.Draft = null;
            }
            var startIn = _draining ? TimeSpan.Zero : Min(options.QuietPeriod, options.MaxWait - oldestWaited);
            if (startIn > TimeSpan.Zero)
            {
                conversation.Timer ??= time.CreateTimer(OnTimer, conversation, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                conversation.Timer.Change(startIn, Timeout.InfiniteTimeSpan);
            }
            else
            {
                StartOrMarkDue(conversation);
            }
        }
        if (discarded is not null)
        {
            LogDraftDiscarded(logger, message.Message.UserId, message.Message.CorrespondentId);
            try
            {
                // Outside the lock: cancelling runs the LLM client's callbacks.
                discarded.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The turn ended in between; it saw its draft discarded and sends nothing.
            }
        }
    }

    // The owner took the conversation over: its waiting messages are dropped unanswered (they stay archived)
    // and the reply being generated is discarded. Returns the running turn, which the caller awaits before
    // withdrawing what is queued: a reply already past its draft stage is being handed to the queue then.
    public Task SilenceAsync(string correspondentId)
    {
        CancellationTokenSource? discarded;
        Task? running;
        lock (_gate)
        {
            if (!_conversations.TryGetValue(correspondentId, out var conversation))
            {
                return Task.CompletedTask;
            }
            conversation.Waiting.Clear();
            conversation.Due = false;
            conversation.Timer?.Dispose();
            conversation.Timer = null;
            discarded = conversation.Draft;
            conversation.Draft = null;
            running = conversation.Turn;
            if (running is null)
            {
                _conversations.Remove(correspondentId);
            }
        }
        try
        {
            discarded?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The turn ended in between; it saw its draft discarded and sends nothing.
        }
        return running ?? Task.CompletedTask;
    }

    // The pipeline hands over no more messages: every waiting conversation gets its turn now.
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _draining = true;
            foreach (var conversation in _conversations.Values)
            {
                conversation.Timer?.Dispose();
                conversation.Timer = null;
                StartOrMarkDue(conversation);
            }
        }
        try
        {
            await WhenIdleAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
            await WhenIdleAsync(CancellationToken.None);
        }
    }

    private async Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        // A turn that ends with messages left starts the next before it completes, so look again until none runs.
        while (true)
        {
            Task[] running;
            lock (_gate)
            {
                running = [.. _conversations.Values.Select(conversation => conversation.Turn).OfType<Task>()];
            }
            if (running.Length == 0)
            {
                return;
            }
            await Task.WhenAll(running).WaitAsync(cancellationToken);
        }
    }

    private void OnTimer(object? state)
    {
        lock (_gate)
        {
            StartOrMarkDue((Conversation)state!);
        }
    }

    // Under the lock.
    private void StartOrMarkDue(Conversation conversation)
    {
        if (conversation.Turn is not null)
        {
            conversation.Due = true;
            return;
        }
        if (conversation.Waiting.Count == 0)
        {
            return;
        }
        conversation.Due = false;
        // The turn's first step takes the lock, so it cannot end before Turn is set here.
        conversation.Turn = Task.Run(() => RunTurnAsync(conversation));
    }

    private async Task RunTurnAsync(Conversation conversation)
    {
        IReadOnlyList<WaitingMessage> answering;
        using var draft = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        lock (_gate)
        {
            answering = [.. conversation.Waiting];
            conversation.Draft = draft;
        }
        var outcome = Outcome.Failed;
        try
        {
            outcome = await AnswerAsync(conversation, answering, draft);
        }
        catch (Exception error)
        {
            // Only a report itself failing gets here; the conversation must still go on.
            LogTurnFailed(logger, error, conversation.CorrespondentId);
        }

        List<WaitingMessage> unanswered = [];
        lock (_gate)
        {
            if (conversation.Draft == draft)
            {
                conversation.Draft = null;
            }
            if (outcome is Outcome.Answered or Outcome.Failed)
            {
                conversation.Waiting.RemoveAll(answering.Contains);
            }
            else if (outcome == Outcome.Stopped)
            {
                unanswered = [.. conversation.Waiting];
                conversation.Waiting.Clear();
            }
        }
        // Reported while the turn still counts as running, so a drain returns only once it is recorded.
        if (unanswered.Count > 0)
        {
            try
            {
                await turn.ReportUnansweredAsync(conversation.CorrespondentId, unanswered);
            }
            catch (Exception error)
            {
                LogTurnFailed(logger, error, conversation.CorrespondentId);
            }
        }
        lock (_gate)
        {
            conversation.Turn = null;
            if (conversation.Waiting.Count == 0)
            {
                conversation.Timer?.Dispose();
                _conversations.Remove(conversation.CorrespondentId);
            }
            else if (conversation.Due || _draining)
            {
                StartOrMarkDue(conversation);
            }
        }
    }

    private async Task<Outcome> AnswerAsync(Conversation conversation, IReadOnlyList<WaitingMessage> answering, CancellationTokenSource draft)
    {
        string reply;
        try
        {
            reply = await turn.GenerateAsync(conversation.CorrespondentId, answering, draft.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return Outcome.Stopped;
        }
        catch (OperationCanceledException) when (draft.IsCancellationRequested)
        {
            return Outcome.Discarded;
        }
        catch (Exception error)
        {
            await turn.ReportFailureAsync(conversation.CorrespondentId, answering, error);
            return Outcome.Failed;
        }

        lock (_gate)
        {
            // A message arrived after the reply was drafted but before this point.
            if (conversation.Draft != draft)
            {
                return Outcome.Discarded;
            }
            // From here on the reply is sent whatever arrives.
            conversation.Draft = null;
        }
        try
        {
            await turn.DeliverAsync(conversation.CorrespondentId, answering, reply, _stopping.Token);
            return Outcome.Answered;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return Outcome.Stopped;
        }
        catch (Exception error)
        {
            await turn.ReportFailureAsync(conversation.CorrespondentId, answering, error);
            return Outcome.Failed;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(EventId = 6001, Level = LogLevel.Debug,
        Message = "Auto-reply of {UserId}: a newer message from {CorrespondentId} discards the draft; the next turn answers both")]
    private static partial void LogDraftDiscarded(ILogger logger, string userId, string correspondentId);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Error, Message = "Auto-reply turn for {CorrespondentId} could not report its outcome")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, string correspondentId);
}
