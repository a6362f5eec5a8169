namespace MyChatImposter.Pages.Bots;

// The configuration document of one bot as JSON text, saved with the API's rules: every error listed
// with its JSON path, nothing stored unless the whole document is valid, the document's user_id must be
// the bot's. A structured form comes later; the text editor always works, whatever the schema grows into.
[Authorize(Policy = ApiPolicies.OwnerOrAdmin)]
public sealed class EditModel(IBotConfigurationStore store, ChatSessions sessions, BotLifecycle lifecycle, ApiKeyProtector keys) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string UserId { get; private set; } = "";

    // "Save & reload" is offered only to a running session: without one, the next link reads the saved document.
    public bool HasLiveSession { get; private set; }

    public sealed class InputModel
    {
        [Display(Name = "Configuration (JSON)")]
        public string? Document { get; set; }

        public bool Reload { get; set; }
    }

    public async Task<IActionResult> OnGetAsync([FromRoute(Name = "user_id")] string userId, CancellationToken cancellationToken)
    {
        var configuration = UserIdRule.IsValid(userId) ? await store.GetAsync(userId, cancellationToken) : null;
        if (configuration is null)
        {
            TempData["Message"] = $"Not found: there is no bot named '{userId}'. Create it with New bot.";
            return RedirectToPage("/Index");
        }
        Show(userId);
        // The key is shown masked; saving the mask unchanged keeps the stored key.
        Input.Document = ConfigurationText.Pretty(keys.Masked(configuration));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync([FromRoute(Name = "user_id")] string userId, CancellationToken cancellationToken)
    {
        if (!UserIdRule.IsValid(userId))
        {
            TempData["Message"] = $"Nothing saved: '{userId}' is not a valid user id ({UserIdRule.Description})";
            return RedirectToPage("/Index");
        }
        var saved = await lifecycle.SaveConfigurationAsync(
            userId, Input.Document ?? "", createOnly: false, reloadLiveSession: Input.Reload, User.UserId()!, cancellationToken);
        if (saved.Succeeded)
        {
            TempData["Message"] = $"Configuration of {userId} saved."
                + (saved.Reload is { } reload ? " " + SessionChangeText.Describe(reload, "Its session was reloaded with it.") : "");
            return RedirectToPage("/Index");
        }
        ConfigurationErrorsOnPage.Add(ModelState, saved, userIdField: nameof(UserId));
        Show(userId);
        return Page();
    }

    private void Show(string userId)
    {
        UserId = userId;
        HasLiveSession = sessions.Get(userId) is not null;
    }
}
