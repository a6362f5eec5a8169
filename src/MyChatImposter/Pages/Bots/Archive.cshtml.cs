namespace MyChatImposter.Pages.Bots;

// The message archive of one bot: its correspondents with their message counts, one correspondent's
// messages in id order, 50 to a page, and deletion (of one correspondent or of everything) behind a
// confirmation step. Deleting goes through ArchiveDeletion, as the API does, so a live session forgets
// the deleted messages too.
public sealed class ArchiveModel(IMessageArchive archive, ArchiveDeletion deletion, IReplyHistoryStore replyHistory) : BotPageModel
{
    public const int PageSize = 50;

    public IReadOnlyList<CorrespondentRow> Correspondents { get; private set; } = [];

    public long Total { get; private set; }

    public string? Correspondent { get; private set; }

    public IReadOnlyList<ArchivedMessage> Messages { get; private set; } = [];

    // The `after` of the neighbouring pages; null where there is none.
    public long? OlderAfter { get; private set; }

    public long? NewerAfter { get; private set; }

    // "correspondent" or "all" while a deletion waits for confirmation.
    public string? Confirm { get; private set; }

    public sealed record CorrespondentRow(string CorrespondentId, long Count);

    // What the bot drafted, sent, and what the owner did, newest first: the chosen conversation's, or every
    // conversation's when none is chosen.
    public IReadOnlyList<ReplyEvent> ReplyHistory { get; private set; } = [];

    public async Task OnGetAsync(
        [FromRoute(Name = "user_id")] string userId, string? correspondent, long? after, string? confirm,
        CancellationToken cancellationToken)
    {
        var rows = new List<CorrespondentRow>();
        foreach (var correspondentId in await archive.CorrespondentsAsync(userId, cancellationToken))
        {
            rows.Add(new CorrespondentRow(correspondentId, await archive.CountAsync(userId, correspondentId, cancellationToken)));
        }
        Correspondents = rows;
        Total = rows.Sum(row => row.Count);
        ReplyHistory = await replyHistory.ListAsync(userId, string.IsNullOrEmpty(correspondent) ? null : correspondent, null, PageSize,
            cancellationToken);
        Confirm = confirm is "all" || (confirm is "correspondent" && !string.IsNullOrEmpty(correspondent)) ? confirm : null;
        if (string.IsNullOrEmpty(correspondent))
        {
            return;
        }

        Correspondent = correspondent;
        var count = rows.FirstOrDefault(row => row.CorrespondentId == correspondent)?.Count ?? 0;
        // Archive ids run 1, 2, 3… per correspondent (numbering restarts only when it is deleted), so the
        // newest page starts after count - page size, and the page before one starting at id n after n - 1 - page size.
        var start = Math.Max(0, after ?? count - PageSize);
        // One more than a page tells whether a newer page exists.
        var page = await archive.ReadAsync(userId, correspondent, start, PageSize + 1, cancellationToken);
        Messages = [.. page.Take(PageSize)];
        NewerAfter = page.Count > PageSize ? Messages[^1].Id : null;
        OlderAfter = Messages.Count > 0 && Messages[0].Id > 1 ? Math.Max(0, Messages[0].Id - 1 - PageSize) : null;
    }

    public async Task<IActionResult> OnPostDeleteCorrespondentAsync(
        [FromRoute(Name = "user_id")] string userId, string? correspondent, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(correspondent))
        {
            return Done("Nothing deleted: choose a correspondent.");
        }
        var deleted = await deletion.DeleteAsync(userId, correspondent, cancellationToken);
        return Done(deleted > 0 ? $"Deleted {deleted} message(s) with {correspondent}." : $"Nothing deleted: no archived messages with {correspondent}.");
    }

    public async Task<IActionResult> OnPostDeleteAllAsync([FromRoute(Name = "user_id")] string userId, CancellationToken cancellationToken)
    {
        var deleted = await deletion.DeleteAsync(userId, correspondentId: null, cancellationToken);
        return Done(deleted > 0 ? $"Deleted all {deleted} archived message(s) of {userId}." : $"Nothing deleted: {userId} has no archived messages.");
    }

    private RedirectToPageResult Done(string message)
    {
        TempData["Message"] = message;
        return RedirectToPage();
    }
}
