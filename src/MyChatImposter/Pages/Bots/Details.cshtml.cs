namespace MyChatImposter.Pages.Bots;

// One bot: its configuration, its live session, what its pipeline archived and failed on, and the
// session actions (link, unlink, reload) that the dashboard rows post here too. Ownership comes from the
// {user_id} route value, as for the API.
public sealed class DetailsModel(
    ChatSessions sessions, IMessageArchive archive, IDeadLetterStore deadLetters, LlmHealth llm,
    BotLifecycle lifecycle, IDraftStore drafts, ITakeoverStore takeovers, TimeProvider time)
    : BotPageModel
{
    public const int DeadLettersShown = 20;

    public string Status { get; private set; } = ChatStatus.Disconnected;

    public DateTimeOffset? SessionStartedAt { get; private set; }

    public long ArchivedMessages { get; private set; }

    public long DeadLetterCount { get; private set; }

    public IReadOnlyList<DeadLetter> LatestDeadLetters { get; private set; } = [];

    public LlmHealthReport? Llm { get; private set; }

    // Drafts waiting for the owner and conversations the owner has taken over: what the owner should see
    // first when the bot is not answering by itself.
    public long PendingDrafts { get; private set; }

    public int PausedConversations { get; private set; }

    // Its chat provider links by QR (WhatsApp): the page offers the link page.
    public bool LinksByQr { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var userId = UserId;
        var session = sessions.Get(userId);
        Status = session?.Status.Status ?? ChatStatus.Disconnected;
        LinksByQr = LinksByQrCode(Configuration);
        SessionStartedAt = session?.StartedAt;
        Llm = llm.For(userId);
        ArchivedMessages = await archive.CountAsync(userId, correspondentId: null, cancellationToken);
        DeadLetterCount = await deadLetters.CountAsync(userId, cancellationToken);
        LatestDeadLetters = await deadLetters.ListAsync(userId, DeadLettersShown, cancellationToken);
        PendingDrafts = await drafts.CountAsync(userId, DraftState.Pending, cancellationToken);
        var now = time.GetUtcNow();
        PausedConversations = (await takeovers.ListAsync(userId, ITakeoverStore.MaxPage, cancellationToken)).Count(takeover => takeover.IsActiveAt(now));
        return Page();
    }

    // A session that links by QR (WhatsApp) leads to the link page, wherever Link was clicked: the code to
    // scan is shown there, and it lives only while someone looks at it.
    public async Task<IActionResult> OnPostLinkAsync(
        [FromRoute(Name = "user_id")] string userId, string? returnUrl, CancellationToken cancellationToken)
    {
        var result = await lifecycle.LinkAsync(userId, User.UserId()!, cancellationToken);
        if (result.Outcome == SessionChange.Done && result.Session!.Provider.Kind == ChatProviderKind.WhatsApp)
        {
            TempData["Message"] = SessionChangeText.Describe(result, LinkModel.StartedMessage(userId));
            return RedirectToPage("/Bots/Link", new { user_id = userId });
        }
        return Back(userId, returnUrl, SessionChangeText.Describe(result, $"{userId} is linked."));
    }

    public async Task<IActionResult> OnPostUnlinkAsync(
        [FromRoute(Name = "user_id")] string userId, string? returnUrl, CancellationToken cancellationToken) =>
        Back(userId, returnUrl, SessionChangeText.Describe(
            await lifecycle.UnlinkAsync(userId, User.UserId()!, cancellationToken), $"{userId} is unlinked and logged out."));

    public async Task<IActionResult> OnPostReloadAsync(
        [FromRoute(Name = "user_id")] string userId, string? returnUrl, CancellationToken cancellationToken) =>
        Back(userId, returnUrl, SessionChangeText.Describe(
            await lifecycle.ReloadAsync(userId, cancellationToken), $"{userId} is reloaded with its saved configuration."));

    private static bool LinksByQrCode(UserConfiguration configuration) =>
        ProviderNames.TryResolveChat(configuration.Configurations.ChatProviderConfig.ProviderName, out var kind)
        && kind == ChatProviderKind.WhatsApp;

    // Post/redirect/get to where the action was clicked (the dashboard, this page or the chat page).
    private IActionResult Back(string userId, string? returnUrl, string message)
    {
        TempData["Message"] = message;
        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToPage("/Bots/Details", new { user_id = userId });
    }
}
