namespace MyChatImposter.Pages.Bots;

// The prompts and answers recorded for one bot when record_llm_interactions is on, newest first, 20 to a
// page (prompts are long). Only the owner and administrators see them: the {user_id} route value decides.
public sealed class LlmInteractionsModel(
    ILlmInteractionStore interactions, IOptions<LlmOptions> options) : BotPageModel
{
    public const int PageSize = 20;

    public bool Recording { get; private set; }

    public int RetentionDays => (int)options.Value.InteractionRetention.TotalDays;

    public long Total { get; private set; }

    public IReadOnlyList<LlmInteraction> Interactions { get; private set; } = [];

    // The cursor of the next, older page; null on the last one.
    public string? OlderBefore { get; private set; }

    public bool IsFirstPage { get; private set; }

    public async Task<IActionResult> OnGetAsync(
        [FromRoute(Name = "user_id")] string userId, string? before, CancellationToken cancellationToken)
    {
        Recording = Configuration.Configurations.LlmProviderConfig.ProviderConfig.RecordLlmInteractions;
        Total = await interactions.CountAsync(userId, cancellationToken);
        IsFirstPage = before is null;
        try
        {
            // One more than a page tells whether an older page exists.
            var page = await interactions.ListAsync(userId, before, PageSize + 1, cancellationToken);
            Interactions = [.. page.Take(PageSize)];
            OlderBefore = page.Count > PageSize ? Interactions[^1].Id : null;
        }
        catch (ArgumentException) when (before is not null)
        {
            // A cursor edited by hand: start again from the newest.
            return RedirectToPage(new { user_id = userId });
        }
        return Page();
    }
}
