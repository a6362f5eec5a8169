using MyChatImposter.Pages.Bots;

namespace MyChatImposter.Pages;

// A new bot from the defaults template. Its user id is typed into the form, so no route value names the
// owner yet: the owner-or-admin rule is applied to the typed id here (a regular user creates only their
// own bot), with the same rule object the policy uses everywhere else.
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

        [Display(Name = "Configuration (JSON)")]
        public string? Document { get; set; }
    }

    public string? OwnUserId => User.IsAdmin() ? null : User.UserId();

    public void OnGet() =>
        Input.Document = ConfigurationText.Pretty(DefaultConfiguration.Template with { UserId = "" });

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var userId = Input.UserId!.Trim();
        if (!UserIdRule.IsValid(userId))
        {
            ModelState.AddModelError(UserIdField, $"'{userId}' is not a valid user id: {UserIdRule.Description}");
            return Page();
        }
        if (!OwnerOrAdminRequirement.Allows(User, userId))
        {
            ModelState.AddModelError(UserIdField, $"You can only create your own bot: its user id is '{User.UserId()}'.");
            return Page();
        }
        var saved = await lifecycle.SaveConfigurationAsync(userId, ConfigurationText.WithUserId(Input.Document ?? "", userId),
            createOnly: true, reloadLiveSession: false, User.UserId()!, cancellationToken);
        if (saved.Succeeded)
        {
            TempData["Message"] = $"Bot {userId} created. Link it to start its session.";
            return RedirectToPage("/Index");
        }
        ConfigurationErrorsOnPage.Add(ModelState, saved, UserIdField);
        return Page();
    }
}
