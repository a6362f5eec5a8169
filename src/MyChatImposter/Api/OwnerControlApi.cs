using Microsoft.AspNetCore.Http.HttpResults;

namespace MyChatImposter.Api;

// The owner's control over the bot's replies: drafts to approve, replace or reject; conversations taken
// over and handed back; each conversation's reply history. Every route names its user, so the
// owner-or-admin policy decides; a draft of another user answers 404 as if it did not exist.
public static class OwnerControlApi
{
    public static void MapOwnerControlApi(this IEndpointRouteBuilder api)
    {
        // Every route acts on one bot's replies: an id that names no bot is a 400 or a 404, and nothing is written
        // for it (a takeover of a bot that does not exist would outlive nothing and be erased with nothing).
        var user = api.MapBotRoutes("/users/{user_id}", "Owner control").OnlyForKnownBots();

        user.MapGet("/drafts", ListDrafts).WithSummary("A bot's reply drafts, newest first, optionally of one state, paged by before.");
        user.MapGet("/drafts/{draft_id}", GetDraft).WithSummary("One reply draft of a bot.");
        user.MapPost("/drafts/{draft_id}/approve", Approve)
            .WithSummary("Approves a pending draft, as written or replaced by the owner's own text, and queues it for sending.")
            .WithDescription("409 when the draft expired or was already decided: a draft is never sent late.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        user.MapPost("/drafts/{draft_id}/reject", Reject).WithSummary("Rejects a pending draft: nothing is sent.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        user.MapGet("/takeovers", ListTakeovers).WithSummary("The conversations the owner took over from a bot, and whether each is still paused.");
        user.MapPut("/takeovers/{correspondent_id}", TakeOver)
            .WithSummary("Takes a conversation over: the bot stays quiet in it for pause_minutes, or until handed back.");
        user.MapDelete("/takeovers/{correspondent_id}", HandBack).WithSummary("Hands a conversation back to the bot.");
        user.MapGet("/replyHistory", History)
            .WithSummary("What happened to a bot's replies (drafted, sent, withdrawn, taken over, ...), newest first, of one conversation or all, paged by before.");
    }

    public sealed record UtteranceView(string Speaker, string Content);

    public sealed record DraftView(
        string Id, long Number, string CorrespondentId, string? CorrespondentName, IReadOnlyList<UtteranceView> Answered, string Text,
        string State, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string? SentText, DateTimeOffset? DecidedAt, string? DecidedBy,
        string? DeliveryId);

    public sealed record DraftPage(IReadOnlyList<DraftView> Drafts);

    // Text: the owner's own words to send instead of the draft; absent or equal to the draft approves it as is.
    public sealed record ApproveRequest(string? Text);

    public sealed record TakeoverView(string CorrespondentId, string? DisplayName, DateTimeOffset Since, DateTimeOffset? Until, string By, bool Active);

    public sealed record TakeoverPage(IReadOnlyList<TakeoverView> Takeovers);

    // PauseMinutes: how long the bot stays quiet; absent or 0 = until handed back.
    public sealed record TakeOverRequest(int? PauseMinutes, string? DisplayName);

    public sealed record ReplyEventView(
        long Id, string CorrespondentId, string Kind, DateTimeOffset At, string? Text, string? Detail, long? DraftNumber);

    public sealed record ReplyHistoryPage(IReadOnlyList<ReplyEventView> Events);

    public static DraftView View(Draft draft) => new(draft.Id, draft.Number, draft.CorrespondentId, draft.CorrespondentName,
        [.. draft.Answered.Select(utterance => new UtteranceView(utterance.Speaker, utterance.Content))], draft.Text,
        EnumNames<DraftState>.Name(draft.State), draft.CreatedAt, draft.ExpiresAt, draft.SentText, draft.DecidedAt, draft.DecidedBy, draft.DeliveryId);

    private static async Task<Results<Ok<DraftPage>, ProblemHttpResult>> ListDrafts(
        [FromRoute(Name = "user_id")] string userId, IDraftStore drafts, CancellationToken cancellationToken,
        string? state = null, long? before = null, int limit = 100)
    {
        DraftState? wanted = null;
        if (state is not null)
        {
            if (!EnumNames<DraftState>.TryParse(state, out var parsed))
            {
                return Problems.Field(StatusCodes.Status400BadRequest, "Unknown draft state", "state",
                    "must be pending, approved, replaced, rejected, expired, superseded, withdrawn or monitored.");
            }
            wanted = parsed;
        }
        if (Paging(limit, IDraftStore.MaxPage, before) is { } problem)
        {
            return problem;
        }
        var page = await drafts.ListAsync(userId, wanted, before, limit, cancellationToken);
        return TypedResults.Ok(new DraftPage([.. page.Select(View)]));
    }

    private static async Task<Results<Ok<DraftView>, ProblemHttpResult>> GetDraft(
        [FromRoute(Name = "user_id")] string userId, [FromRoute(Name = "draft_id")] string draftId, IDraftStore drafts,
        CancellationToken cancellationToken) =>
        await drafts.GetAsync(userId, draftId, cancellationToken) is { } draft ? TypedResults.Ok(View(draft)) : NoSuchDraft(draftId);

    private static async Task<Results<Ok<DraftView>, ProblemHttpResult>> Approve(
        [FromRoute(Name = "user_id")] string userId, [FromRoute(Name = "draft_id")] string draftId, [FromBody] ApproveRequest? body,
        OwnerDesk desk, CancellationToken cancellationToken)
    {
        if (body?.Text is { Length: > SandboxApi.MaxTextLength })
        {
            return Problems.Field(StatusCodes.Status400BadRequest, "Invalid reply", "text", $"At most {SandboxApi.MaxTextLength} characters.");
        }
        return Decided(draftId, await desk.ApproveAsync(userId, draftId, body?.Text, OwnerDesk.ByApi, cancellationToken));
    }

    private static async Task<Results<Ok<DraftView>, ProblemHttpResult>> Reject(
        [FromRoute(Name = "user_id")] string userId, [FromRoute(Name = "draft_id")] string draftId, OwnerDesk desk,
        CancellationToken cancellationToken) =>
        Decided(draftId, await desk.RejectAsync(userId, draftId, OwnerDesk.ByApi, cancellationToken));

    private static Results<Ok<DraftView>, ProblemHttpResult> Decided(string draftId, DraftResult result) => result switch
    {
        { Outcome: DraftOutcome.Done, Draft: { } draft } => TypedResults.Ok(View(draft)),
        { Outcome: DraftOutcome.Expired } => TypedResults.Problem(title: "Draft expired", statusCode: StatusCodes.Status409Conflict,
            detail: "Nobody approved the draft before it expired; it is never sent late."),
        { Outcome: DraftOutcome.NotPending, Draft: { } draft } => TypedResults.Problem(title: "Draft already decided",
            statusCode: StatusCodes.Status409Conflict, detail: $"The draft is {EnumNames<DraftState>.Name(draft.State)}."),
        _ => NoSuchDraft(draftId),
    };

    private static async Task<Results<Ok<TakeoverPage>, ProblemHttpResult>> ListTakeovers(
        [FromRoute(Name = "user_id")] string userId, ITakeoverStore takeovers, TimeProvider time, CancellationToken cancellationToken,
        int limit = 100)
    {
        if (Paging(limit, ITakeoverStore.MaxPage, null) is { } problem)
        {
            return problem;
        }
        var now = time.GetUtcNow();
        var page = await takeovers.ListAsync(userId, limit, cancellationToken);
        return TypedResults.Ok(new TakeoverPage([.. page.Select(takeover => new TakeoverView(takeover.CorrespondentId,
            takeover.DisplayName, takeover.Since, takeover.Until, takeover.By, takeover.IsActiveAt(now)))]));
    }

    private static async Task<Results<Ok<TakeoverView>, ProblemHttpResult>> TakeOver(
        [FromRoute(Name = "user_id")] string userId, [FromRoute(Name = "correspondent_id")] string correspondentId,
        [FromBody] TakeOverRequest? body, OwnerDesk desk, TimeProvider time, CancellationToken cancellationToken)
    {
        if (body?.PauseMinutes is < 0 or > ConfigurationLimits.MaxTakeoverPauseMinutes)
        {
            return Problems.Field(StatusCodes.Status400BadRequest, "Invalid pause", "pause_minutes",
                $"must be between 0 (until handed back) and {ConfigurationLimits.MaxTakeoverPauseMinutes}.");
        }
        if (body?.DisplayName is { Length: > SandboxApi.MaxIdLength })
        {
            return Problems.Field(StatusCodes.Status400BadRequest, "Invalid name", "display_name", $"At most {SandboxApi.MaxIdLength} characters.");
        }
        TimeSpan? pause = body?.PauseMinutes is > 0 and var minutes ? TimeSpan.FromMinutes(minutes) : null;
        var takeover = await desk.TakeOverAsync(userId, correspondentId, body?.DisplayName, pause, OwnerDesk.ByApi, recordEvent: true,
            cancellationToken);
        return TypedResults.Ok(new TakeoverView(takeover.CorrespondentId, takeover.DisplayName, takeover.Since, takeover.Until,
            takeover.By, takeover.IsActiveAt(time.GetUtcNow())));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> HandBack(
        [FromRoute(Name = "user_id")] string userId, [FromRoute(Name = "correspondent_id")] string correspondentId, OwnerDesk desk,
        CancellationToken cancellationToken) =>
        await desk.HandBackAsync(userId, correspondentId, OwnerDesk.ByApi, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "Not taken over", statusCode: StatusCodes.Status404NotFound,
                detail: $"The bot is not paused in '{correspondentId}'.");

    private static async Task<Results<Ok<ReplyHistoryPage>, ProblemHttpResult>> History(
        [FromRoute(Name = "user_id")] string userId, IReplyHistoryStore history, CancellationToken cancellationToken,
        [FromQuery(Name = "correspondent_id")] string? correspondentId = null, long? before = null, int limit = 100)
    {
        if (Paging(limit, IReplyHistoryStore.MaxPage, before) is { } problem)
        {
            return problem;
        }
        var page = await history.ListAsync(userId, correspondentId, before, limit, cancellationToken);
        return TypedResults.Ok(new ReplyHistoryPage([.. page.Select(replyEvent => new ReplyEventView(replyEvent.Id,
            replyEvent.CorrespondentId, EnumNames<ReplyEventKind>.Name(replyEvent.Kind), replyEvent.At, replyEvent.Text, replyEvent.Detail,
            replyEvent.DraftNumber))]));
    }

    private static ProblemHttpResult? Paging(int limit, int maxPage, long? before) =>
        Problems.InvalidLimit(limit, maxPage)
        ?? (before is < 1 ? Problems.Field(StatusCodes.Status400BadRequest, "Invalid cursor", "before", "must be positive.") : null);

    private static ProblemHttpResult NoSuchDraft(string draftId) => TypedResults.Problem(title: "No such draft",
        detail: $"There is no draft '{draftId}'.", statusCode: StatusCodes.Status404NotFound);
}
