namespace MyChatImposter.Pages.Bots;

// The configuration document of one bot as JSON text, saved with the API's rules: every error listed
// with its JSON path, nothing stored unless the whole document is valid, the document's user_id must be
// the bot's. A structured form comes later; the text editor always works, whatever the schema grows into.
public sealed class EditModel(ChatSessions sessions, BotLifecycle lifecycle, ApiKeyProtector keys) : BotPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    // "Save & reload" is offered only to a running session: without one, the next link reads the saved document.
    public bool HasLiveSession { get; private set; }

    public sealed class InputModel
    {
        [Display(Name = "Configuration (JSON)")]
        public string? Document { get; set; }

        public bool Reload { get; set; }
    }

    public IActionResult OnGet()
    {
        Show();
        // The key is shown masked; saving the mask unchanged keeps the stored key.
        Input.Document = ConfigurationText.Pretty(keys.Masked(Configuration));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var userId = UserId;
        var saved = await lifecycle.SaveConfigurationAsync(
            userId, Input.Document ?? "", createOnly: false, reloadLiveSession: Input.Reload, User.UserId()!, cancellationToken);
        if (saved.Succeeded)
        {
            TempData["Message"] = $"Configuration of {userId} saved."
                + (saved.Reload is { } reload ? " " + SessionChangeText.Describe(reload, "Its session was reloaded with it.") : "");
            return RedirectToPage("/Index");
        }
        ConfigurationErrorsOnPage.Add(ModelState, saved, userIdField: nameof(UserId));
        Show();
        return Page();
    }

    private void Show() => HasLiveSession = sessions.Get(UserId) is not null;
}
