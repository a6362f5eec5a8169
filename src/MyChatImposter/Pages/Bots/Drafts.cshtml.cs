namespace MyChatImposter.Pages.Bots;

// What the owner decides about the bot's replies: drafts waiting for approval (send as written, send edited,
// reject), conversations the owner has taken over (hand back), and the drafts decided lately. The route's
// {user_id} decides who may look; a draft posted back is found by that user's id only, so another bot's
// draft cannot be reached from this page.
public sealed class DraftsModel(IDraftStore drafts, ITakeoverStore takeovers, OwnerDesk desk, TimeProvider time) : BotPageModel
{
    public const int Shown = 50;

    public ReplyMode Mode { get; private set; }

    public IReadOnlyList<Draft> Pending { get; private set; } = [];

    public IReadOnlyList<Draft> Decided { get; private set; } = [];

    public IReadOnlyList<Takeover> Paused { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromRoute(Name = "user_id")] string userId, CancellationToken cancellationToken)
    {
        Mode = Configuration.Features.AutomaticBotReply.ReplyMode;
        Now = time.GetUtcNow();
        Pending = [.. (await drafts.ListAsync(userId, DraftState.Pending, null, Shown, cancellationToken)).Reverse()];
        Decided = [.. (await drafts.ListAsync(userId, null, null, Shown + Pending.Count, cancellationToken))
            .Where(draft => draft.State != DraftState.Pending).Take(Shown)];
        Paused = [.. (await takeovers.ListAsync(userId, Shown, cancellationToken)).Where(takeover => takeover.IsActiveAt(Now))];
        return Page();
    }

    // One form per draft: its text as the bot wrote it, or as the owner edited it (then it is sent as the
    // owner's own words).
    public async Task<IActionResult> OnPostApproveAsync(
        [FromRoute(Name = "user_id")] string userId, string? id, string? text, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 100)
        {
            return Done("Nothing sent: no such draft.");
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return Done("Nothing sent: the reply was empty. Write it, or reject the draft.");
        }
        if (text is { Length: > Api.SandboxApi.MaxTextLength })
        {
            return Done($"Nothing sent: a reply has at most {Api.SandboxApi.MaxTextLength} characters.");
        }
        var result = await desk.ApproveAsync(userId, id, text, OwnerDesk.BySite, cancellationToken);
        return Done(Describe(result, draft => draft.State == DraftState.Replaced
            ? $"Your words are on their way to {Name(draft)} (draft {draft.Number})."
            : $"Draft {draft.Number} is on its way to {Name(draft)}."));
    }

    public async Task<IActionResult> OnPostRejectAsync([FromRoute(Name = "user_id")] string userId, string? id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 100)
        {
            return Done("Nothing rejected: no such draft.");
        }
        var result = await desk.RejectAsync(userId, id, OwnerDesk.BySite, cancellationToken);
        return Done(Describe(result, draft => $"Draft {draft.Number} rejected; nothing was sent to {Name(draft)}."));
    }

    public async Task<IActionResult> OnPostHandBackAsync(
        [FromRoute(Name = "user_id")] string userId, string? correspondent, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(correspondent) || correspondent.Length > Api.SandboxApi.MaxIdLength)
        {
            return Done("Nothing handed back.");
        }
        return Done(await desk.HandBackAsync(userId, correspondent, OwnerDesk.BySite, cancellationToken)
            ? $"The bot answers {correspondent} again."
            : $"The bot was not paused in {correspondent}.");
    }

    public static string Name(Draft draft) => draft.CorrespondentName ?? draft.CorrespondentId;

    public static string StateText(DraftState state) => EnumNames<DraftState>.Name(state);

    private static string Describe(DraftResult result, Func<Draft, string> done) => result switch
    {
        { Outcome: DraftOutcome.Done, Draft: { } draft } => done(draft),
        { Outcome: DraftOutcome.Expired, Draft: { } draft } => $"Draft {draft.Number} expired before it was approved; it is never sent late.",
        { Outcome: DraftOutcome.NotPending, Draft: { } draft } => $"Draft {draft.Number} is already {EnumNames<DraftState>.Name(draft.State)}.",
        _ => "No such draft.",
    };

    private RedirectToPageResult Done(string message)
    {
        TempData["Message"] = message;
        return RedirectToPage();
    }
}
