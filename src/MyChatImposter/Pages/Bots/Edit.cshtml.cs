namespace MyChatImposter.Pages.Bots;

// The configuration document of one bot as JSON text, saved with the API's rules: every error listed
// with its JSON path, nothing stored unless the whole document is valid, the document's user_id must be
// the bot's. The text editor always works, whatever the schema grows into. Export downloads the document
// as the editor shows it; Import saves a file with the editor's rules at once (a file that fails them is
// refused beside the file field, nothing saved), since reviewing it first would only mean reading it in
// the textarea and pressing Save, and an export is also the way back from an import.
[Authorize(Policy = ApiPolicies.OwnerOrAdmin)]
public sealed class EditModel(IBotConfigurationStore store, ChatSessions sessions, BotLifecycle lifecycle, ApiKeyProtector keys) : PageModel
{
    private const string ImportFileField = $"{nameof(Import)}.{nameof(ImportInput.File)}";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    // Bound by the import handler alone, so the editor's post never reads a file.
    public ImportInput Import { get; set; } = new();

    public string UserId { get; private set; } = "";

    // "Save & reload" is offered only to a running session: without one, the next link reads the saved document.
    public bool HasLiveSession { get; private set; }

    public sealed class InputModel
    {
        [Display(Name = "Configuration (JSON)")]
        public string? Document { get; set; }

        public bool Reload { get; set; }
    }

    public sealed class ImportInput
    {
        [Display(Name = "Configuration file")]
        public IFormFile? File { get; set; }

        public bool Reload { get; set; }
    }

    public async Task<IActionResult> OnGetAsync([FromRoute(Name = "user_id")] string userId, CancellationToken cancellationToken)
    {
        var configuration = await StoredAsync(userId, cancellationToken);
        if (configuration is null)
        {
            return NotFoundHere(userId);
        }
        Show(userId, configuration);
        return Page();
    }

    // The key stays masked in the file, as on the page: the file can be shared without giving the key away.
    public async Task<IActionResult> OnGetExportAsync([FromRoute(Name = "user_id")] string userId, CancellationToken cancellationToken)
    {
        var configuration = await StoredAsync(userId, cancellationToken);
        return configuration is null
            ? NotFoundHere(userId)
            : File(ConfigurationFile.Contents(keys.Masked(configuration)), ConfigurationFile.ContentType, ConfigurationFile.FileName(userId));
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
            return Saved(userId, saved, $"Configuration of {userId} saved.");
        }
        ConfigurationErrorsOnPage.Add(ModelState, saved, userIdField: nameof(UserId));
        UserId = userId;
        HasLiveSession = sessions.Get(userId) is not null;
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(
        [FromRoute(Name = "user_id")] string userId, [Bind(Prefix = nameof(Import))] ImportInput import, CancellationToken cancellationToken)
    {
        var configuration = await StoredAsync(userId, cancellationToken);
        if (configuration is null)
        {
            return NotFoundHere(userId);
        }
        var (text, problem) = await ConfigurationFile.ReadAsync(import.File, cancellationToken);
        if (text is null)
        {
            ModelState.AddModelError(ImportFileField, problem!);
            Show(userId, configuration);
            return Page();
        }
        var saved = await lifecycle.SaveConfigurationAsync(
            userId, text, createOnly: false, reloadLiveSession: import.Reload, User.UserId()!, cancellationToken);
        if (saved.Succeeded)
        {
            return Saved(userId, saved, $"Configuration of {userId} imported from {Path.GetFileName(import.File!.FileName)}.");
        }
        ConfigurationErrorsOnPage.Add(ModelState, saved, userIdField: ImportFileField, documentField: ImportFileField);
        Show(userId, configuration);
        return Page();
    }

    private IActionResult Saved(string userId, ConfigurationSave saved, string message)
    {
        TempData["Message"] = message
            + (saved.Reload is { } reload ? " " + SessionChangeText.Describe(reload, "Its session was reloaded with it.") : "");
        return RedirectToPage("/Index");
    }

    private async Task<UserConfiguration?> StoredAsync(string userId, CancellationToken cancellationToken) =>
        UserIdRule.IsValid(userId) ? await store.GetAsync(userId, cancellationToken) : null;

    private IActionResult NotFoundHere(string userId)
    {
        TempData["Message"] = $"Not found: there is no bot named '{userId}'. Create it with New bot.";
        return RedirectToPage("/Index");
    }

    // The key is shown masked; saving the mask unchanged keeps the stored key.
    private void Show(string userId, UserConfiguration configuration)
    {
        UserId = userId;
        HasLiveSession = sessions.Get(userId) is not null;
        Input.Document = ConfigurationText.Pretty(keys.Masked(configuration));
    }
}
