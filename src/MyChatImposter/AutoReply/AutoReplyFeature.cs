using Microsoft.Extensions.AI;
using TextContent = MyChatImposter.Delivery.TextContent;

namespace MyChatImposter.AutoReply;

// The bot answering whitelisted people in its user's name (spec/04), for one running session. The pipeline
// hands it every person's message and the owner's own (never the bot's echoes), in order per correspondent.
// A person's message it picks to answer goes to ConversationTurns, so the pipeline's lane moves on at once;
// the reply then goes out through the delivery queue (reply mode auto) or becomes a draft for the owner
// (approve, monitor). The owner writing in a conversation takes it over; the owner writing in their own
// chat gives the bot an instruction (OwnerDesk handles both).
public sealed partial class AutoReplyFeature : IMessageFeature, IReplyTurn
{
    public const string FeatureName = "automatic_bot_reply";
    public const string Origin = "auto_reply";

    private readonly string _userId;
    private readonly ReplyWhitelist _whitelist;
    private readonly string _persona;
    private readonly QueueConfig _queueLimits;
    private readonly ContextConfig _contextLimits;
    private readonly IChatClient _llm;
    private readonly IDeliveryQueue _delivery;
    private readonly DeadLetterRecorder _deadLetters;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConversationTurns _turns;
    private readonly AutomaticBotReplyConfig _settings;
    private readonly Dictionary<string, ReplyMode> _modes;
    private readonly OwnerDesk _owner;
    private readonly LiveAutoReplies _live;

    // The conversations the bot was asked to answer lately (id → name), for takeovers and "#bot off <name>".
    // Sized as it fills: the default size costs an idle bot a 31-entry table, and most bots know few conversations.
    private readonly ConcurrentDictionary<string, string?> _known = new(concurrencyLevel: 1, capacity: 0, StringComparer.Ordinal);
    private const int MaxKnown = 10_000;

    public AutoReplyFeature(
        string userId, UserConfiguration configuration, IChatClient llm, IDeliveryQueue delivery,
        IConversationContextStore contexts, DeadLetterRecorder deadLetters, TimeProvider time, AutoReplyOptions options,
        OwnerDesk owner, LiveAutoReplies live, ILogger logger)
    {
        var settings = configuration.Features.AutomaticBotReply;
        _settings = settings;
        // Keys as the whitelist compares entries: trimmed (the validator refuses keys that are no entry).
        _modes = settings.ReplyModes.ToDictionary(pair => pair.Key.Trim(), pair => pair.Value, StringComparer.Ordinal);
        _owner = owner;
        _live = live;
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

    public async Task HandleAsync(FeatureMessage message, CancellationToken cancellationToken)
    {
        var archived = message.Message;
        switch (archived.Source)
        {
            case MessageSource.UserOutgoing when archived.CorrespondentId == OutboundMessage.SelfRecipient:
                await _owner.HandleSelfChatAsync(_userId, archived.Content, message.QuotedText, _known, cancellationToken);
                return;
            case MessageSource.UserOutgoing:
                await TakeOverAsync(archived, cancellationToken);
                return;
            case not MessageSource.User:
                return;
        }
        if (string.IsNullOrWhiteSpace(archived.Content) || NonTextPlaceholder.IsPlaceholder(archived.Content))
        {
            LogNotAnswered(_logger, _userId, archived.CorrespondentId, archived.Id, "not text");
            return;
        }
        if (_whitelist.Find(archived) is not { } match)
        {
            LogNotAnswered(_logger, _userId, archived.CorrespondentId, archived.Id, "not whitelisted");
            return;
        }
        if (ModeOf(match) == ReplyMode.Off)
        {
            LogNotAnswered(_logger, _userId, archived.CorrespondentId, archived.Id, $"reply mode off for entry '{match.Entry}'");
            return;
        }
        Know(archived);
        if (await _owner.IsTakenOverAsync(_userId, archived.CorrespondentId, cancellationToken))
        {
            LogNotAnswered(_logger, _userId, archived.CorrespondentId, archived.Id, "the owner has taken the conversation over");
            return;
        }
        // The text as the queue window holds it (spec/04 §1: cut to the queue's single-message limit).
        var content = archived.Content.Length > _queueLimits.MaxCharactersSingleMessage
            ? archived.Content[.._queueLimits.MaxCharactersSingleMessage]
            : archived.Content;
        _turns.Add(new WaitingMessage(archived, new Utterance(ReplyPrompt.SpeakerName(archived.Sender), content), _time.GetUtcNow()));
        // Once it is true: the message has joined its conversation's next turn (whose timer now runs).
        LogWhitelisted(_logger, _userId, archived.CorrespondentId, archived.Id, match.Entry, match.Identifier);
    }

    // The conversation's turn stops: waiting messages dropped, the draft being generated discarded. Awaiting
    // the result waits for a reply already being handed to the queue (OwnerDesk then withdraws it).
    public Task SilenceAsync(string correspondentId) => _turns.SilenceAsync(correspondentId);

    // The owner wrote in a conversation from another device. Every such conversation is paused (the bot may
    // be asked to answer it a moment later), but only one the bot answers is worth a line in its history.
    private Task TakeOverAsync(ArchivedMessage message, CancellationToken cancellationToken)
    {
        var correspondentId = message.CorrespondentId;
        var answered = _known.ContainsKey(correspondentId) || _whitelist.FindConversation(message) is not null;
        TimeSpan? pause = _settings.TakeoverPauseMinutes == 0 ? null : TimeSpan.FromMinutes(_settings.TakeoverPauseMinutes);
        return _owner.TakeOverAsync(_userId, correspondentId, message.Group?.Name ?? _known.GetValueOrDefault(correspondentId),
            pause, OwnerDesk.ByOwnerMessage, recordEvent: answered, cancellationToken);
    }

    private ReplyMode ModeOf(WhitelistMatch match) => _modes.GetValueOrDefault(match.Entry, _settings.ReplyMode);

    private ReplyMode ModeOf(ArchivedMessage message) =>
        _whitelist.Find(message) is { } match ? ModeOf(match) : _settings.ReplyMode;

    private void Know(ArchivedMessage message)
    {
        if (_known.Count >= MaxKnown && !_known.ContainsKey(message.CorrespondentId))
        {
            _known.Clear();
        }
        _known[message.CorrespondentId] = NameOf(message);
    }

    private static string? NameOf(ArchivedMessage message) =>
        message.Group is { } group ? group.Name ?? group.Id : message.Sender.DisplayName;

    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _turns.DrainAsync(cancellationToken);
        }
        finally
        {
            _live.Stopped(_userId, this);
            _llm.Dispose();
        }
    }

    async Task<string> IReplyTurn.GenerateAsync(string correspondentId, IReadOnlyList<WaitingMessage> messages, CancellationToken cancellationToken)
    {
        var history = await Context.RecallAsync(correspondentId, cancellationToken);
        var prompt = ReplyPrompt.Build(_persona, history, await AnsweredAsync(correspondentId, messages, cancellationToken));
        var response = await _llm.GetResponseAsync(prompt, cancellationToken: cancellationToken);
        return string.IsNullOrWhiteSpace(response.Text)
            ? throw new EmptyReplyException()
            : response.Text;
    }

    async Task IReplyTurn.DeliverAsync(string correspondentId, IReadOnlyList<WaitingMessage> messages, string reply, CancellationToken cancellationToken)
    {
        var mode = ModeOf(messages[^1].Message);
        if (mode is ReplyMode.Approve or ReplyMode.Monitor)
        {
            var draft = await _owner.AddDraftAsync(_userId, correspondentId, NameOf(messages[^1].Message),
                [.. messages.Select(message => message.Utterance)], _contextLimits.MaxMessages, reply, mode,
                TimeSpan.FromMinutes(_settings.DraftExpiryMinutes), cancellationToken);
            LogDrafted(_logger, _userId, correspondentId, draft.Number, EnumNames<ReplyMode>.Name(mode), messages.Count);
            return;
        }
        // Sent as the model wrote it: no "Bot:" prefix, not cut (spec/04 §3).
        await _delivery.EnqueueAsync(new OutboundMessage(_userId, correspondentId, new TextContent(reply), Origin), cancellationToken);
        LogReplied(_logger, _userId, correspondentId, messages.Count, messages[0].Message.Id, messages[^1].Message.Id);
        try
        {
            // Not cancelled by a stopping session: the reply is on its way, so it belongs in the history.
            await Context.RememberAsync(correspondentId, Answered(messages), reply, CancellationToken.None);
            await _owner.RecordRepliedAsync(_userId, correspondentId, reply, CancellationToken.None);
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

    // In approve mode a newer message replaces the conversation's pending draft, so the prompt answers the
    // pending one's messages too, oldest first, within the same bound (OwnerDesk.AddDraftAsync keeps them so).
    private async Task<IReadOnlyList<Utterance>> AnsweredAsync(
        string correspondentId, IReadOnlyList<WaitingMessage> messages, CancellationToken cancellationToken)
    {
        if (ModeOf(messages[^1].Message) != ReplyMode.Approve
            || await _owner.PendingDraftAsync(_userId, correspondentId, cancellationToken) is not { } pending)
        {
            return Answered(messages);
        }
        return [.. pending.Answered.Concat(messages.Select(message => message.Utterance)).TakeLast(_contextLimits.MaxMessages)];
    }

    // A turn that sent nothing (or could not remember) is logged without any message text and kept as a dead
    // letter, which the bot's page shows: the messages themselves are in the archive.
    private Task RecordAsync(string correspondentId, IReadOnlyList<WaitingMessage> messages, Exception? error, string what)
    {
        var first = messages[0].Message.Id;
        var last = messages[^1].Message.Id;
        LogTurnFailed(_logger, error, _userId, correspondentId, what, messages.Count, first, last);
        return _deadLetters.RecordFeatureAsync(FeatureName, correspondentId, messages[^1].Message.ProviderMessageId,
            $"{what}: {messages.Count} message(s), archive ids {first}–{last}.", error);
    }

    // Why a message gets no reply: not text, not whitelisted, its entry's reply mode is off, or the owner took over.
    [LoggerMessage(EventId = 6010, Level = LogLevel.Debug,
        Message = "Auto-reply of {UserId}: message {MessageId} from {CorrespondentId} not answered: {Reason}")]
    private static partial void LogNotAnswered(ILogger logger, string userId, string correspondentId, long messageId, string reason);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Debug,
        Message = "Auto-reply of {UserId}: message {MessageId} from {CorrespondentId} waits for a reply (entry '{Entry}' matched {Identifier})")]
    private static partial void LogWhitelisted(ILogger logger, string userId, string correspondentId, long messageId, string entry, string identifier);

    [LoggerMessage(EventId = 6013, Level = LogLevel.Information,
        Message = "Auto-reply of {UserId} queued a reply to {CorrespondentId} answering {Count} message(s), archive ids {FirstId}–{LastId}")]
    private static partial void LogReplied(ILogger logger, string userId, string correspondentId, int count, long firstId, long lastId);

    [LoggerMessage(EventId = 6018, Level = LogLevel.Information,
        Message = "Auto-reply of {UserId} drafted reply {Number} to {CorrespondentId} ({Mode}) answering {Count} message(s)")]
    private static partial void LogDrafted(ILogger logger, string userId, string correspondentId, long number, string mode, int count);

    [LoggerMessage(EventId = 6014, Level = LogLevel.Warning,
        Message = "Auto-reply of {UserId} to {CorrespondentId}: {What} ({Count} message(s), archive ids {FirstId}–{LastId})")]
    private static partial void LogTurnFailed(
        ILogger logger, Exception? exception, string userId, string correspondentId, string what, int count, long firstId, long lastId);
}

public sealed class EmptyReplyException() : Exception("The model returned an empty reply.");
