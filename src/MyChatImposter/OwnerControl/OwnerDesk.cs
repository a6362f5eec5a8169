using TextContent = MyChatImposter.Delivery.TextContent;

namespace MyChatImposter.OwnerControl;

// How a decision on a draft ended.
public enum DraftOutcome
{
    Done,
    NotFound,
    NotPending,
    Expired,
}

public sealed record DraftResult(DraftOutcome Outcome, Draft? Draft);

// Everything the owner decides about the bot's replies, whichever way they decide it (their own chat, the
// site, the API): taking a conversation over and handing it back, drafts and their approval. Each change is
// one conditional write and is recorded in the conversation's reply history.
public sealed partial class OwnerDesk(
    IDraftStore drafts, ITakeoverStore takeovers, IReplyHistoryStore history, IDeliveryQueue delivery,
    IConversationContextStore contexts, IBotConfigurationStore configurations, LiveAutoReplies live,
    TimeProvider time, ILogger<OwnerDesk> logger)
{
    // An approved or replaced draft: the owner's reply, never withdrawn by the owner's next message.
    public const string ApprovedOrigin = "owner_approved";

    // Drafts shown in the owner's chat and the answers to their commands there.
    public const string NoticeOrigin = "owner_control";

    // How a change was made, as the history shows it.
    public const string ByOwnerMessage = "owner_message";
    public const string BySelfChat = "self_chat";
    public const string BySite = "site";
    public const string ByApi = "api";

    private const string UntilHandedBack = "until handed back";

    // ---- Takeover ----

    // The owner writes in the conversation (or told the bot to stay out of it): the reply being drafted is
    // discarded, queued auto replies are withdrawn, a pending draft is withdrawn, and the bot stays quiet there
    // for pause (null: until handed back). A takeover already running is extended, never shortened, and keeps
    // its start; recordEvent false keeps conversations the bot never answers out of the history.
    public async Task<Takeover> TakeOverAsync(
        string userId, string correspondentId, string? displayName, TimeSpan? pause, string by, bool recordEvent,
        CancellationToken cancellationToken)
    {
        if (live.Get(userId) is { } feature)
        {
            await feature.SilenceAsync(correspondentId);
        }
        var now = time.GetUtcNow();
        await WithdrawQueuedAsync(userId, correspondentId, by, cancellationToken);
        if (await drafts.PendingForAsync(userId, correspondentId, cancellationToken) is { } pending
            && await drafts.DecideAsync(userId, pending.Id, new DraftDecision(DraftState.Withdrawn, now, "takeover"), null, cancellationToken) is { } withdrawn)
        {
            await RecordAsync(new ReplyEvent(userId, correspondentId, ReplyEventKind.Withdrawn, now, withdrawn.Text,
                $"The owner took the conversation over ({DescribeBy(by)}); the draft was not sent.", withdrawn.Number), cancellationToken);
        }

        var existing = await takeovers.GetAsync(userId, correspondentId, cancellationToken);
        var running = existing is not null && existing.IsActiveAt(now);
        DateTimeOffset? until = pause is { } minutes ? now + minutes : null;
        if (running && (existing!.Until is null || (until is not null && existing.Until > until)))
        {
            until = existing.Until;
        }
        var takeover = new Takeover(userId, correspondentId, displayName ?? existing?.DisplayName,
            running ? existing!.Since : now, until, running ? existing!.By : by);
        await takeovers.SetAsync(takeover, cancellationToken);
        if (!running && recordEvent)
        {
            await RecordAsync(new ReplyEvent(userId, correspondentId, ReplyEventKind.TakenOver, now, null,
                $"{DescribeBy(by)}; quiet {(until is { } end ? $"until {end:u}" : UntilHandedBack)}"), cancellationToken);
            LogTakenOver(logger, userId, correspondentId, by);
        }
        return takeover;
    }

    // The bot answers the conversation again; false when it was not taken over (or the pause had ended).
    public async Task<bool> HandBackAsync(string userId, string correspondentId, string by, CancellationToken cancellationToken)
    {
        var existing = await takeovers.GetAsync(userId, correspondentId, cancellationToken);
        if (existing is null || !await takeovers.RemoveAsync(userId, correspondentId, cancellationToken))
        {
            return false;
        }
        var now = time.GetUtcNow();
        if (!existing.IsActiveAt(now))
        {
            return false;
        }
        await RecordAsync(new ReplyEvent(userId, correspondentId, ReplyEventKind.HandedBack, now, null, DescribeBy(by)), cancellationToken);
        LogHandedBack(logger, userId, correspondentId, by);
        return true;
    }

    // True while the owner has the conversation.
    public async Task<bool> IsTakenOverAsync(string userId, string correspondentId, CancellationToken cancellationToken) =>
        await takeovers.GetAsync(userId, correspondentId, cancellationToken) is { } takeover && takeover.IsActiveAt(time.GetUtcNow());

    // Auto replies the bot queued for the conversation and has not started sending stay unsent, visible as
    // withdrawn, and leave the bot's memory: it must not recall having said them.
    private async Task WithdrawQueuedAsync(string userId, string correspondentId, string by, CancellationToken cancellationToken)
    {
        var withdrawn = await delivery.WithdrawAsync(userId, correspondentId, AutoReplyFeature.Origin, cancellationToken);
        if (withdrawn.Count == 0)
        {
            return;
        }
        var memory = await MemoryOfAsync(userId, cancellationToken);
        foreach (var item in withdrawn)
        {
            var text = DeliveryContent.Decode(item.MessageType, item.Content) is TextContent content ? content.Text : null;
            await RecordAsync(new ReplyEvent(userId, correspondentId, ReplyEventKind.Withdrawn, time.GetUtcNow(), text,
                $"The owner took the conversation over ({DescribeBy(by)}); queued reply {item.Id} was not sent."), cancellationToken);
            if (text is not null)
            {
                await memory.ForgetReplyAsync(correspondentId, text, cancellationToken);
            }
        }
    }

    // ---- Drafts ----

    public Task<Draft?> PendingDraftAsync(string userId, string correspondentId, CancellationToken cancellationToken) =>
        drafts.PendingForAsync(userId, correspondentId, cancellationToken);

    // An auto reply was queued: the history shows what the bot said.
    public Task RecordRepliedAsync(string userId, string correspondentId, string reply, CancellationToken cancellationToken) =>
        RecordAsync(new ReplyEvent(userId, correspondentId, ReplyEventKind.Replied, time.GetUtcNow(), reply), cancellationToken);

    // A reply the bot will not send by itself, answering `answering` (the turn's messages). In approve mode it
    // replaces the conversation's pending draft and answers that draft's messages too (the newest maxAnswered,
    // as the prompt had them: see AutoReplyFeature), and is shown in the owner's chat; in monitor mode it is
    // only recorded.
    public async Task<Draft> AddDraftAsync(
        string userId, string correspondentId, string? correspondentName, IReadOnlyList<Utterance> answering, int maxAnswered,
        string text, ReplyMode mode, TimeSpan expiry, CancellationToken cancellationToken)
    {
        IReadOnlyList<Utterance> answered = [.. answering.TakeLast(maxAnswered)];
        var now = time.GetUtcNow();
        if (mode == ReplyMode.Monitor)
        {
            var monitored = await drafts.AddAsync(new Draft(Guid.NewGuid().ToString(), userId, correspondentId, correspondentName,
                answered, text, DraftState.Monitored, now, now), cancellationToken);
            await RecordAsync(new ReplyEvent(userId, correspondentId, ReplyEventKind.Monitored, now, text, null, monitored.Number), cancellationToken);
            return monitored;
        }

        if (await drafts.PendingForAsync(userId, correspondentId, cancellationToken) is { } older
            && await drafts.DecideAsync(userId, older.Id, new DraftDecision(DraftState.Superseded, now, "newer_message"), null, cancellationToken) is { } superseded)
        {
            await RecordAsync(new ReplyEvent(userId, correspondentId, ReplyEventKind.Superseded, now, superseded.Text,
                "A newer message came; the next draft answers both.", superseded.Number), cancellationToken);
            answered = [.. older.Answered.Concat(answering).TakeLast(maxAnswered)];
        }
        var draft = await drafts.AddAsync(new Draft(Guid.NewGuid().ToString(), userId, correspondentId, correspondentName,
            answered, text, DraftState.Pending, now, now + expiry), cancellationToken);
        await RecordAsync(new ReplyEvent(userId, correspondentId, ReplyEventKind.Drafted, now, text, null, draft.Number), cancellationToken);
        await NotifyOwnerAsync(userId, DraftNotice(draft, expiry), cancellationToken);
        return draft;
    }

    // Sends the draft (replacement: the owner's own words instead) to the contact through the delivery queue,
    // as the owner's reply, and into the bot's memory as what was said. Only a pending draft that has not
    // expired: a late approval never sends a stale reply.
    public async Task<DraftResult> ApproveAsync(
        string userId, string draftId, string? replacement, string by, CancellationToken cancellationToken)
    {
        if (await drafts.GetAsync(userId, draftId, cancellationToken) is not { } draft)
        {
            return new DraftResult(DraftOutcome.NotFound, null);
        }
        var now = time.GetUtcNow();
        var text = string.IsNullOrWhiteSpace(replacement) ? draft.Text : replacement.Trim();
        var state = text == draft.Text ? DraftState.Approved : DraftState.Replaced;
        var deliveryId = Guid.NewGuid().ToString();
        if (await drafts.DecideAsync(userId, draftId, new DraftDecision(state, now, by, text, deliveryId), now, cancellationToken) is not { } decided)
        {
            return await WhyNotPendingAsync(userId, draftId, cancellationToken);
        }
        try
        {
            await delivery.EnqueueAsync(
                new OutboundMessage(userId, draft.CorrespondentId, new TextContent(text), ApprovedOrigin) { Id = deliveryId }, cancellationToken);
        }
        catch
        {
            // Not queued, so not decided: the owner can approve it again.
            await drafts.ReopenAsync(userId, draftId, state, CancellationToken.None);
            throw;
        }
        var memory = await MemoryOfAsync(userId, CancellationToken.None);
        await memory.RememberAsync(draft.CorrespondentId, draft.Answered, text, CancellationToken.None);
        await RecordAsync(new ReplyEvent(userId, draft.CorrespondentId,
            state == DraftState.Approved ? ReplyEventKind.Approved : ReplyEventKind.Replaced, now, text, DescribeBy(by), draft.Number),
            CancellationToken.None);
        LogDecided(logger, userId, draft.Number, EnumNames<DraftState>.Name(state), by);
        return new DraftResult(DraftOutcome.Done, decided);
    }

    public async Task<DraftResult> RejectAsync(string userId, string draftId, string by, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (await drafts.DecideAsync(userId, draftId, new DraftDecision(DraftState.Rejected, now, by), null, cancellationToken) is not { } decided)
        {
            return await WhyNotPendingAsync(userId, draftId, cancellationToken);
        }
        await RecordAsync(new ReplyEvent(userId, decided.CorrespondentId, ReplyEventKind.Rejected, now, decided.Text, DescribeBy(by), decided.Number),
            CancellationToken.None);
        LogDecided(logger, userId, decided.Number, EnumNames<DraftState>.Name(DraftState.Rejected), by);
        return new DraftResult(DraftOutcome.Done, decided);
    }

    // Every user's drafts past their expiry become expired (the housekeeping calls this every minute; an
    // approval checks the expiry itself, so a late sweep never lets a stale draft out).
    public async Task<int> ExpireDueAsync(CancellationToken cancellationToken)
    {
        var expired = await drafts.ExpireAsync(time.GetUtcNow(), cancellationToken);
        foreach (var draft in expired)
        {
            await RecordAsync(new ReplyEvent(draft.UserId, draft.CorrespondentId, ReplyEventKind.Expired, draft.DecidedAt ?? time.GetUtcNow(),
                draft.Text, "Nobody approved it in time; it was not sent.", draft.Number), cancellationToken);
        }
        return expired.Count;
    }

    private async Task<DraftResult> WhyNotPendingAsync(string userId, string draftId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return await drafts.GetAsync(userId, draftId, cancellationToken) switch
        {
            null => new DraftResult(DraftOutcome.NotFound, null),
            { State: DraftState.Pending } pending when pending.ExpiresAt <= now => await ExpireOneAsync(pending, now, cancellationToken),
            { State: DraftState.Expired } expired => new DraftResult(DraftOutcome.Expired, expired),
            var other => new DraftResult(DraftOutcome.NotPending, other),
        };
    }

    // Found past its expiry before the sweep came: expired now, so the page and the history say so.
    private async Task<DraftResult> ExpireOneAsync(Draft draft, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expired = await drafts.DecideAsync(draft.UserId, draft.Id, new DraftDecision(DraftState.Expired, now, "expiry"), null, cancellationToken);
        if (expired is not null)
        {
            await RecordAsync(new ReplyEvent(draft.UserId, draft.CorrespondentId, ReplyEventKind.Expired, now, draft.Text,
                "Nobody approved it in time; it was not sent.", draft.Number), cancellationToken);
        }
        return new DraftResult(DraftOutcome.Expired, expired ?? draft);
    }

    // ---- The owner's own chat ----

    // Handles what the owner wrote in their own chat; known: the conversations the bot has answered lately
    // (id → name), so "#bot off Dana" finds Dana before any takeover exists. Returns false for a note to self.
    public async Task<bool> HandleSelfChatAsync(
        string userId, string text, string? quotedText, IReadOnlyDictionary<string, string?> known, CancellationToken cancellationToken)
    {
        if (SelfChatCommand.Parse(text, quotedText) is not { } command)
        {
            return false;
        }
        var answer = command.Action switch
        {
            SelfChatAction.Approve or SelfChatAction.Reject or SelfChatAction.Replace => await DecideFromChatAsync(userId, command, cancellationToken),
            SelfChatAction.HandBack => await HandBackFromChatAsync(userId, command.Text, known, cancellationToken),
            SelfChatAction.TakeOver => await TakeOverFromChatAsync(userId, command.Text!, known, cancellationToken),
            _ => await StatusAsync(userId, cancellationToken),
        };
        await NotifyOwnerAsync(userId, answer, cancellationToken);
        return true;
    }

    private async Task<string> DecideFromChatAsync(string userId, SelfChatCommand command, CancellationToken cancellationToken)
    {
        Draft? draft;
        if (command.DraftNumber is { } number)
        {
            draft = await drafts.GetByNumberAsync(userId, number, cancellationToken);
            if (draft is null)
            {
                return $"There is no draft {number}.";
            }
        }
        else
        {
            var pending = await drafts.ListAsync(userId, DraftState.Pending, null, 10, cancellationToken);
            switch (pending.Count)
            {
                case 0:
                    return "No draft is waiting.";
                case > 1:
                    return $"Several drafts wait: {string.Join(", ", pending.Select(waiting => $"{waiting.Number} ({Name(waiting)})"))}. "
                        + $"Answer \"ok {pending[0].Number}\" or \"no {pending[0].Number}\" with the draft's number.";
            }
            draft = pending[0];
        }
        var result = command.Action == SelfChatAction.Reject
            ? await RejectAsync(userId, draft.Id, BySelfChat, cancellationToken)
            : await ApproveAsync(userId, draft.Id, command.Action == SelfChatAction.Replace ? command.Text : null, BySelfChat, cancellationToken);
        return result switch
        {
            { Outcome: DraftOutcome.Done, Draft.State: DraftState.Rejected } => $"Draft {draft.Number} dropped; nothing was sent to {Name(draft)}.",
            { Outcome: DraftOutcome.Done, Draft.State: DraftState.Replaced } => $"Your words are on their way to {Name(draft)} (draft {draft.Number}).",
            { Outcome: DraftOutcome.Done } => $"Draft {draft.Number} is on its way to {Name(draft)}.",
            { Outcome: DraftOutcome.Expired } => $"Draft {draft.Number} expired and was not sent.",
            { Draft: { } other } => $"Draft {draft.Number} is already {EnumNames<DraftState>.Name(other.State)}.",
            _ => $"There is no draft {draft.Number}.",
        };
    }

    // A takeover started by the owner's first message to someone has no name yet; the name the bot learned
    // since (known) finds it too.
    private async Task<string> HandBackFromChatAsync(
        string userId, string? who, IReadOnlyDictionary<string, string?> known, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var active = (await takeovers.ListAsync(userId, ITakeoverStore.MaxPage, cancellationToken)).Where(takeover => takeover.IsActiveAt(now));
        var matching = string.IsNullOrEmpty(who) || who.Equals("all", StringComparison.OrdinalIgnoreCase)
            ? active.ToList()
            : active.Where(takeover => Matches(who, takeover.CorrespondentId,
                takeover.DisplayName ?? known.GetValueOrDefault(takeover.CorrespondentId))).ToList();
        if (matching.Count == 0)
        {
            return string.IsNullOrEmpty(who) ? "The bot is not paused anywhere." : $"The bot is not paused in a conversation matching \"{who}\".";
        }
        foreach (var takeover in matching)
        {
            await HandBackAsync(userId, takeover.CorrespondentId, BySelfChat, cancellationToken);
        }
        return $"The bot answers again: {string.Join(", ", matching.Select(takeover => takeover.DisplayName ?? takeover.CorrespondentId))}.";
    }

    private async Task<string> TakeOverFromChatAsync(
        string userId, string who, IReadOnlyDictionary<string, string?> known, CancellationToken cancellationToken)
    {
        var candidates = new Dictionary<string, string?>(known, StringComparer.Ordinal);
        foreach (var takeover in await takeovers.ListAsync(userId, ITakeoverStore.MaxPage, cancellationToken))
        {
            candidates.TryAdd(takeover.CorrespondentId, takeover.DisplayName);
        }
        var matching = candidates.ContainsKey(who)
            ? [new KeyValuePair<string, string?>(who, candidates[who])]
            : candidates.Where(candidate => Matches(who, candidate.Key, candidate.Value)).ToList();
        switch (matching.Count)
        {
            case 0:
                return $"No conversation the bot knows matches \"{who}\".";
            case > 1:
                return $"\"{who}\" matches several conversations: {string.Join(", ", matching.Select(match => match.Value ?? match.Key))}. Be more precise.";
        }
        var (correspondentId, name) = matching[0];
        await TakeOverAsync(userId, correspondentId, name, null, BySelfChat, recordEvent: true, cancellationToken);
        return $"The bot stays quiet with {name ?? correspondentId} until you send \"#bot on {name ?? correspondentId}\".";
    }

    private async Task<string> StatusAsync(string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var paused = (await takeovers.ListAsync(userId, ITakeoverStore.MaxPage, cancellationToken)).Where(takeover => takeover.IsActiveAt(now)).ToList();
        var pending = await drafts.ListAsync(userId, DraftState.Pending, null, 20, cancellationToken);
        var lines = new List<string>
        {
            paused.Count == 0 ? "The bot is not paused anywhere." : "Paused: " + string.Join(", ", paused.Select(takeover =>
                $"{takeover.DisplayName ?? takeover.CorrespondentId} ({(takeover.Until is { } until ? $"until {until:u}" : UntilHandedBack)})")),
            pending.Count == 0 ? "No draft is waiting." : "Waiting drafts: " + string.Join(", ", pending.Select(draft => $"{draft.Number} ({Name(draft)})")),
        };
        return string.Join('\n', lines);
    }

    // ---- Shared ----

    private static string DraftNotice(Draft draft, TimeSpan expiry)
    {
        var said = string.Join('\n', draft.Answered.Select(utterance => utterance.Line));
        return $"""
            📝 Draft {draft.Number} · reply to {Name(draft)}
            {said}
            ➡️ {draft.Text}
            Reply to this message with ok, no or your own words, or write "ok {draft.Number}", "no {draft.Number}" or "{draft.Number} <your words>". It expires in {(int)expiry.TotalMinutes} min.
            """;
    }

    private async Task NotifyOwnerAsync(string userId, string text, CancellationToken cancellationToken)
    {
        try
        {
            await delivery.EnqueueAsync(new OutboundMessage(userId, OutboundMessage.SelfRecipient, new TextContent(text), NoticeOrigin), cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The draft or the change stands and shows on the site; only the message to the owner is missing.
            LogNoticeFailed(logger, error, userId);
        }
    }

    private Task RecordAsync(ReplyEvent replyEvent, CancellationToken cancellationToken) => history.AddAsync(replyEvent, cancellationToken);

    // The running bot's memory (its gate keeps a turn from writing an old history back), or the stored one.
    private async Task<ConversationContext> MemoryOfAsync(string userId, CancellationToken cancellationToken)
    {
        if (live.Get(userId) is { } feature)
        {
            return feature.Context;
        }
        var configuration = await configurations.GetAsync(userId, cancellationToken);
        return new ConversationContext(userId, configuration?.Configurations.ContextConfig ?? new ContextConfig(), contexts, time);
    }

    private static string Name(Draft draft) => draft.CorrespondentName ?? draft.CorrespondentId;

    private static bool Matches(string who, string correspondentId, string? name) =>
        correspondentId.Contains(who, StringComparison.OrdinalIgnoreCase)
        || (name is not null && name.Contains(who, StringComparison.OrdinalIgnoreCase));

    private static string DescribeBy(string by) => by switch
    {
        ByOwnerMessage => "the owner wrote from their phone",
        BySelfChat => "from the owner's own chat",
        BySite => "on the admin site",
        ByApi => "through the API",
        _ => by,
    };

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "The owner of {UserId} took {CorrespondentId} over ({By})")]
    private static partial void LogTakenOver(ILogger logger, string userId, string correspondentId, string by);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "The owner of {UserId} handed {CorrespondentId} back to the bot ({By})")]
    private static partial void LogHandedBack(ILogger logger, string userId, string correspondentId, string by);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "Draft {Number} of {UserId} {State} ({By})")]
    private static partial void LogDecided(ILogger logger, string userId, long number, string state, string by);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Warning, Message = "Could not queue a message to the owner of {UserId} in their own chat")]
    private static partial void LogNoticeFailed(ILogger logger, Exception exception, string userId);
}
