namespace MyChatImposter.Pages.Bots;

// The configuration document of one bot as JSON text, saved with the API's rules: every error listed
// with its JSON path, nothing stored unless the whole document is valid, the document's user_id must be
// the bot's. The text editor always works, whatever the schema grows into.
//
// Export downloads the document as the editor shows it. Import saves a file at once, with the editor's
// rules (a file that fails them is refused beside the file field and nothing is saved) rather than loading
// it into the textarea for review: choosing a file is already the decision, a review would only mean
// pressing Save again, and the page says to export first to keep a way back.
public sealed class EditModel(ChatSessions sessions, BotLifecycle lifecycle, ApiKeyProtector keys) : BotPageModel
{
    private const string ImportFileField = $"{nameof(Import)}.{nameof(ImportInput.File)}";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    // Bound by the import handler alone: the editor's post never reads a file.
    public ImportInput Import { get; set; } = new();

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

    public IActionResult OnGet()
    {
        Show();
        ShowStoredDocument();
        return Page();
    }

    // The key stays masked in the file, as on the page: the file can be kept or shared without the key.
    public IActionResult OnGetExport() =>
        File(ConfigurationFile.Contents(keys.Masked(Configuration)), ConfigurationFile.ContentType, ConfigurationFile.FileName(UserId));

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var saved = await lifecycle.SaveConfigurationAsync(
            UserId, Input.Document ?? "", createOnly: false, reloadLiveSession: Input.Reload, User.UserId()!, cancellationToken);
        if (saved.Succeeded)
        {
            return Saved(saved, $"Configuration of {UserId} saved.");
        }
        ConfigurationErrorsOnPage.Add(ModelState, saved, userIdField: nameof(UserId));
        Show();
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync([Bind(Prefix = nameof(Import))] ImportInput import, CancellationToken cancellationToken)
    {
        var (text, problem) = await ConfigurationFile.ReadAsync(import.File, cancellationToken);
        if (text is null)
        {
            ModelState.AddModelError(ImportFileField, problem!);
            return ImportRefused();
        }
        var saved = await lifecycle.SaveConfigurationAsync(
            UserId, text, createOnly: false, reloadLiveSession: import.Reload, User.UserId()!, cancellationToken);
        if (saved.Succeeded)
        {
            return Saved(saved, $"Configuration of {UserId} imported from {Path.GetFileName(import.File!.FileName)}.");
        }
        ConfigurationErrorsOnPage.Add(ModelState, saved, userIdField: ImportFileField, documentField: ImportFileField);
        return ImportRefused();
    }

    private RedirectToPageResult Saved(ConfigurationSave saved, string message)
    {
        TempData["Message"] = message
            + (saved.Reload is { } reload ? " " + SessionChangeText.Describe(reload, "Its session was reloaded with it.") : "");
        return RedirectToPage("/Index");
    }

    // Nothing was saved: the editor shows the stored document again.
    private PageResult ImportRefused()
    {
        Show();
        ShowStoredDocument();
        return Page();
    }

    // The key is shown masked; saving the mask unchanged keeps the stored key.
    private void ShowStoredDocument() => Input.Document = ConfigurationText.Pretty(keys.Masked(Configuration));

    private void Show() => HasLiveSession = sessions.Get(UserId) is not null;
}
