namespace MyChatImposter.Pages;

// A new bot from a few answers (id, name, time zone, language, where it chats, who writes its replies) on
// top of the defaults template (NewBotDocument), saved with the API's rules, every error beside its field
// and nothing stored unless all is valid. Its user id is typed, so no route value names the owner yet: the
// owner-or-admin rule is applied to the typed id here (a regular user creates only their own bot), with the
// same rule object the policy uses everywhere else.
[Authorize(Policy = ApiPolicies.AnyUser)]
public sealed class NewBotModel(BotLifecycle lifecycle) : PageModel
{
    private const string UserIdField = $"{nameof(Input)}.{nameof(InputModel.UserId)}";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Choose the bot's user id.")]
        [Display(Name = "User id")]
        public string? UserId { get; set; }

        [Display(Name = "First name")]
        public string? FirstName { get; set; }

        [Display(Name = "Last name")]
        public string? LastName { get; set; }

        [Display(Name = "Time zone")]
        public string? Timezone { get; set; }

        [Display(Name = "Language")]
        public string? Language { get; set; }

        [Display(Name = "Where it chats")]
        public string? ChatProvider { get; set; }

        [Display(Name = "Who writes its replies")]
        public string? LlmProvider { get; set; }

        [Display(Name = "Model")]
        public string? Model { get; set; }

        [Display(Name = "Base URL (optional)")]
        public string? BaseUrl { get; set; }

        [Display(Name = "API key from")]
        public string? KeySource { get; set; }

        // Write-only: never put back into the page.
        [Display(Name = "API key")]
        public string? ApiKey { get; set; }
    }

    // A regular user's bot is named after them; an administrator may create any bot.
    public string? OwnUserId => User.IsAdmin() ? null : User.UserId();

    // Only when the form is first shown may new-bot.js replace UTC with the browser's time zone: after a
    // refused post the zone in the form is one the person chose.
    public bool SuggestBrowserTimeZone { get; private set; }

    public void OnGet()
    {
        Input = NewBotDocument.Blank(OwnUserId);
        SuggestBrowserTimeZone = true;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Again();
        }
        var userId = Input.UserId!.Trim();
        if (!UserIdRule.IsValid(userId))
        {
            ModelState.AddModelError(UserIdField, $"'{userId}' is not a valid user id: {UserIdRule.Description}");
            return Again();
        }
        if (!OwnerOrAdminRequirement.Allows(User, userId))
        {
            ModelState.AddModelError(UserIdField, $"You can only create your own bot: its user id is '{User.UserId()}'.");
            return Again();
        }
        var saved = await lifecycle.SaveConfigurationAsync(userId, NewBotDocument.From(Input, userId),
            createOnly: true, reloadLiveSession: false, User.UserId()!, cancellationToken);
        if (saved.Succeeded)
        {
            return RedirectToPage("/Bots/Ready", new { user_id = userId });
        }
        // The only problem of a new bot's save is an existing bot of that id (createOnly never replaces it),
        // which is the user id's to show.
        NewBotDocument.Fields.Show(ModelState, saved with { Problem = null });
        if (saved.Problem is not null)
        {
            ModelState.AddModelError(UserIdField, saved.Problem);
        }
        return Again();
    }

    private PageResult Again()
    {
        // The typed key never goes back into the page, whatever happened (the view writes no value either).
        Input.ApiKey = null;
        return Page();
    }
}
