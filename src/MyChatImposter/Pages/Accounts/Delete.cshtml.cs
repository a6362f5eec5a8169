namespace MyChatImposter.Pages.Accounts;

// Deleting an account is a confirmation step of its own: the GET shows what goes with the account, and
// only the POST (with its antiforgery token) deletes it.
[Authorize(Policy = ApiPolicies.Admin)]
public sealed class DeleteModel(
    AccountService accounts, IAccountStore store, ILoginSessionStore sessions, IApiTokenStore tokens, IBotConfigurationStore bots)
    : PageModel
{
    public string UserId { get; private set; } = "";

    public AccountRole Role { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public int SessionCount { get; private set; }

    public int TokenCount { get; private set; }

    public bool HasBotConfiguration { get; private set; }

    public bool IsCurrentUser { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromRoute(Name = "user_id")] string userId, CancellationToken cancellationToken)
    {
        var account = await store.GetAsync(userId, cancellationToken);
        if (account is null)
        {
            return BackToAccounts($"No account named '{userId}'.");
        }
        UserId = account.UserId;
        Role = account.Role;
        CreatedAt = account.CreatedAt;
        SessionCount = (await sessions.ListForUserAsync(userId, cancellationToken)).Count;
        TokenCount = (await tokens.ListAsync(userId, cancellationToken)).Count;
        HasBotConfiguration = await bots.GetAsync(userId, cancellationToken) is not null;
        IsCurrentUser = userId == User.UserId();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync([FromRoute(Name = "user_id")] string userId, CancellationToken cancellationToken)
    {
        var result = await accounts.DeleteAsync(userId, User.UserId()!, cancellationToken);
        return BackToAccounts(result.Succeeded
            ? $"Account {userId} deleted; its sessions were ended."
            : "Nothing deleted: " + string.Join(" ", result.Problems));
    }

    private RedirectToPageResult BackToAccounts(string message)
    {
        TempData["Message"] = message;
        return RedirectToPage("/Accounts/Index");
    }
}
