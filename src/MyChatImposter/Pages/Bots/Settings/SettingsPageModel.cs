namespace MyChatImposter.Pages.Bots.Settings;

// What every settings section does the same way, so each section's page model is its form and what it shows
// beside it: the form read from the stored document; Save and Save & reload through SettingsSaver with the
// API's rules, each error beside its field and nothing saved when anything is invalid; and, for forms with
// lists, the no-script row edits (add, remove, move) that show the form again without saving.
// Who may open a section and which bot it shows are the bot pages' folder convention (BotPageModel).
public abstract class SettingsPageModel<TForm>(ChatSessions sessions, SettingsSaver saver) : BotPageModel
    where TForm : class, ISettingsForm<TForm>, new()
{
    [BindProperty]
    public TForm Input { get; set; } = new();

    [BindProperty]
    public bool Reload { get; set; }

    public bool HasLiveSession { get; private set; }

    // "General", "Memory & limits": the section's name in its title, the navigation and the saved message.
    public abstract string Section { get; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Input = TForm.FromDocument(Configuration);
        return await ShowAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return await ShowAsync(cancellationToken);
        }
        var saved = await saver.SaveAsync(Input.ApplyTo(Configuration), Reload, User.UserId()!, cancellationToken);
        if (saved.Succeeded)
        {
            TempData["Message"] = $"{Section} settings of {UserId} saved."
                + (saved.Reload is { } reload ? " " + SessionChangeText.Describe(reload, "Its session was reloaded with them.") : "");
            return RedirectToPage(new { user_id = UserId });
        }
        Input.Fields(nameof(Input)).Show(ModelState, saved);
        return await ShowAsync(cancellationToken);
    }

    // Add another, Remove, Up, Down without script: the rows change, nothing is saved.
    public async Task<IActionResult> OnPostRowsAsync(string? edit, CancellationToken cancellationToken)
    {
        if (Input is not IRowLists lists || RowEdit.Parse(edit) is not { } rowEdit
            || !lists.Edit(rowEdit, Request.Form[PickerName(rowEdit.List)].FirstOrDefault()))
        {
            return BadRequest();
        }
        // The values typed stay (they are the model now); errors of rows that moved would sit beside others.
        ModelState.Clear();
        return await ShowAsync(cancellationToken);
    }

    // The name of the select that picks a value for a list's Add (its button is that Add).
    public static string PickerName(string list) => $"pick-{list}";

    // What a section shows beside its form (the contacts seen, the next runs of a schedule).
    protected virtual Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        HasLiveSession = sessions.Get(UserId) is not null;
        (Input as IRowLists)?.EndListsWithBlankRows();
        await PrepareAsync(cancellationToken);
        return Page();
    }
}
