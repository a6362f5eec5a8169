using Microsoft.Extensions.AI;
using MyChatImposter.Configuration;
using MyChatImposter.Delivery;
using MyChatImposter.Pipeline;
using TextContent = MyChatImposter.Delivery.TextContent;

namespace MyChatImposter.AutoReply;

// The bot answering whitelisted people in its user's name (spec/04), for one running session. The pipeline
// hands it every person's message (never the bot's echoes or the owner's own messages) in order per
// correspondent; it picks what to answer and leaves the answering to ConversationTurns, so the pipeline's
// lane moves on at once. A reply goes out only through the delivery queue.
public sealed partial class AutoReplyFeature : IMessageFeature, IReplyTurn
{
    public const string FeatureName = "automatic_bot_reply";
    public const string Origin = "auto_reply";
    private const int MaxErrorLength = 2_000;

    private readonly string _userId;
    private readonly ReplyWhitelist _whitelist;
    private readonly string _persona;
    private readonly QueueConfig _queueLimits;
    private readonly ContextConfig _contextLimits;
    private readonly IChatClient _llm;
    private readonly IDeliveryQueue _delivery;
    private readonly IDeadLetterStore _deadLetters;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConversationTurns _turns;

    public AutoReplyFeature(
        string userId, UserConfiguration configuration, IChatClient llm, IDeliveryQueue delivery,
        IConversationContextStore contexts, IDeadLetterStore deadLetters, TimeProvider time, AutoReplyOptions options, ILogger logger)
    {
        var settings = configuration.Features.AutomaticBotReply;
        _userId = userId;
        _whitelist = ReplyWhitelist.From(settings);
        _persona = ReplyPrompt.Persona(settings.ChatSystemPrompt, userId);
        _queueLimits = configuration.Configurations.QueueConfig;
        _contextLimits = configuration.Configurations.ContextConfig;
        _llm = llm;
        _delivery = delivery;
        _deadLetters = deadLetters;
        _time = time;
        _logger = logger;
        Context = new ConversationContext(userId, _contextLimits, contexts, time);
        _turns = new ConversationTurns(this, time, options, logger);
    }

    public string Name => FeatureName;

    // What the bot remembers; cleared through here while the session runs, so no turn writes an old history back.
    public ConversationContext Context { get; }

    public Task HandleAsync(FeatureMessage message, CancellationToken cancellationToken)
    {
        var archived = message.Message;
        // The pipeline already passes people's messages only; this keeps the rule visible where it matters.
        if (archived.Source != MessageSource.User)
        {
            return Task.CompletedTask;
        }
        if (string.IsNullOrWhiteSpace(archived.Content) || NonTextPlaceholder.IsPlaceholder(archived.Content))
        {
            LogNotText(_logger, _userId, archived.CorrespondentId, archived.Id);
            return Task.CompletedTask;
        }
        if (_whitelist.Find(archived) is not { } match)
        {
            LogNotWhitelisted(_logger, _userId, archived.CorrespondentId, archived.Id);
            return Task.CompletedTask;
        }
        // The text as the queue window holds it (spec/04 §1: cut to the queue's single-message limit).
        var content = archived.Content.Length > _queueLimits.MaxCharactersSingleMessage
            ? archived.Content[.._queueLimits.MaxCharactersSingleMessage]
            : archived.Content;
        _turns.Add(new WaitingMessage(archived, new Utterance(ReplyPrompt.SpeakerName(archived.Sender), content), _time.GetUtcNow()));
        // Once it is true: the message has joined its conversation's next turn (whose timer now runs).
        LogWhitelisted(_logger, _userId, archived.CorrespondentId, archived.Id, match.Entry, match.Identifier);
        return Task.CompletedTask;
    }

    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _turns.DrainAsync(cancellationToken);
        }
        finally
        {
            _llm.Dispose();
        }
    }

    async Task<string> IReplyTurn.GenerateAsync(string correspondentId, IReadOnlyList<WaitingMessage> messages, CancellationToken cancellationToken)
    {
        var history = await Context.RecallAsync(correspondentId, cancellationToken);
        var prompt = ReplyPrompt.Build(_persona, history, Answered(messages));
        var response = await _llm.GetResponseAsync(prompt, cancellationToken: cancellationToken);
        return string.IsNullOrWhiteSpace(response.Text)
            ? throw new EmptyReplyException()
            : response.Text;
    }

    async Task IReplyTurn.DeliverAsync(string correspondentId, IReadOnlyList<WaitingMessage> messages, string reply, CancellationToken cancellationToken)
    {
        // Sent as the model wrote it: no "Bot:" prefix, not cut (spec/04 §3).
        await _delivery.EnqueueAsync(new OutboundMessage(_userId, correspondentId, new TextContent(reply), Origin), cancellationToken);
        LogReplied(_logger, _userId, correspondentId, messages.Count, messages[0].Message.Id, messages[^1].Message.Id);
        try
        {
            // Not cancelled by a stopping session: the reply is on its way, so it belongs in the history.
            await Context.RememberAsync(correspondentId, Answered(messages), reply, CancellationToken.None);
        }
        catch (Exception error)
        {
            await RecordAsync(correspondentId, messages, error, "The reply was queued but could not be remembered");
        }
    }

    Task IReplyTurn.ReportFailureAsync(string correspondentId, IReadOnlyList<WaitingMessage> messages, Exception error) =>
        RecordAsync(correspondentId, messages, error, "No reply was sent");

    Task IReplyTurn.ReportUnansweredAsync(string correspondentId, IReadOnlyList<WaitingMessage> messages) =>
        RecordAsync(correspondentId, messages, null, "The session stopped before the reply was sent");

    // The newest messages of a turn, as many as context_config.max_messages: a flood waiting for one turn
    // must not make the prompt unbounded. The others stay archived.
    private IReadOnlyList<Utterance> Answered(IReadOnlyList<WaitingMessage> messages) =>
        [.. messages.TakeLast(_contextLimits.MaxMessages).Select(message => message.Utterance)];

    // A turn that sent nothing (or could not remember) is logged without any message text and kept as a dead
    // letter, which the bot's page shows: the messages themselves are in the archive.
    private async Task RecordAsync(string correspondentId, IReadOnlyList<WaitingMessage> messages, Exception? error, string what)
    {
        var first = messages[0].Message.Id;
        var last = messages[^1].Message.Id;
        LogTurnFailed(_logger, error, _userId, correspondentId, what, messages.Count, first, last);
        var text = $"{what}: {messages.Count} message(s), archive ids {first}–{last}."
            + (error is null ? "" : $" {error.GetType().Name}: {error.Message}");
        try
        {
            await _deadLetters.AddAsync(new DeadLetter(_userId, $"feature:{FeatureName}", correspondentId,
                messages[^1].Message.ProviderMessageId, text.Length > MaxErrorLength ? text[..MaxErrorLength] : text,
                _time.GetUtcNow()), CancellationToken.None);
        }
        catch (Exception storeError)
        {
            LogDeadLetterLost(_logger, storeError, _userId, correspondentId);
        }
    }

    [LoggerMessage(EventId = 6010, Level = LogLevel.Debug,
        Message = "Auto-reply of {UserId}: message {MessageId} from {CorrespondentId} is not text; not answered")]
    private static partial void LogNotText(ILogger logger, string userId, string correspondentId, long messageId);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Debug,
        Message = "Auto-reply of {UserId}: {CorrespondentId} is not whitelisted; message {MessageId} not answered")]
    private static partial void LogNotWhitelisted(ILogger logger, string userId, string correspondentId, long messageId);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Debug,
        Message = "Auto-reply of {UserId}: message {MessageId} from {CorrespondentId} waits for a reply (entry '{Entry}' matched {Identifier})")]
    private static partial void LogWhitelisted(ILogger logger, string userId, string correspondentId, long messageId, string entry, string identifier);

    [LoggerMessage(EventId = 6013, Level = LogLevel.Information,
        Message = "Auto-reply of {UserId} queued a reply to {CorrespondentId} answering {Count} message(s), archive ids {FirstId}–{LastId}")]
    private static partial void LogReplied(ILogger logger, string userId, string correspondentId, int count, long firstId, long lastId);

    [LoggerMessage(EventId = 6014, Level = LogLevel.Warning,
        Message = "Auto-reply of {UserId} to {CorrespondentId}: {What} ({Count} message(s), archive ids {FirstId}–{LastId})")]
    private static partial void LogTurnFailed(
        ILogger logger, Exception? exception, string userId, string correspondentId, string what, int count, long firstId, long lastId);

    [LoggerMessage(EventId = 6015, Level = LogLevel.Critical,
        Message = "Auto-reply of {UserId}: could not record the dead letter of a failed turn for {CorrespondentId}")]
    private static partial void LogDeadLetterLost(ILogger logger, Exception exception, string userId, string correspondentId);
}

public sealed class EmptyReplyException() : Exception("The model returned an empty reply.");
