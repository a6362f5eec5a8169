using Microsoft.AspNetCore.RateLimiting;

namespace MyChatImposter.Pages;

// First run: creates the first administrator, given the one-time code from the host's console.
// Attempts share the login rate limit, so the code cannot be guessed at speed.
[EnableRateLimiting(LoginRateLimit.Policy)]
public sealed class SetupModel(FirstRunSetup setup, AccountService accounts, AuditTrail audit) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the code printed on the host's console.")]
        [Display(Name = "One-time code")]
        public string? Code { get; set; }

        [Required(ErrorMessage = "Choose a user id.")]
        [Display(Name = "Administrator user id")]
        public string? UserId { get; set; }

        [Required(ErrorMessage = "Choose a password.")]
        [DataType(DataType.Password)]
        public string? Password { get; set; }

        [Required(ErrorMessage = "Repeat the password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Repeat the password")]
        [Compare(nameof(Password), ErrorMessage = "The passwords differ.")]
        public string? ConfirmPassword { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await setup.IsOpenAsync(cancellationToken) ? Page() : RedirectToPage("/Login");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await setup.IsOpenAsync(cancellationToken))
        {
            return RedirectToPage("/Login");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        if (!setup.Matches(Input.Code))
        {
            ModelState.AddModelError("Input.Code", "This is not the code printed on the host's console.");
            return Page();
        }

        var result = await accounts.CreateAsync(Input.UserId, Input.Password, AccountRole.Admin, actor: "setup", cancellationToken);
        if (!result.Succeeded)
        {
            var field = result.Outcome == AccountChange.WeakPassword ? "Input.Password" : "Input.UserId";
            foreach (var problem in result.Problems)
            {
                ModelState.AddModelError(field, problem);
            }
            return Page();
        }

        setup.Close();
        await audit.RecordAsync(AuditEvents.SetupCompleted, Input.UserId, Input.UserId, cancellationToken: cancellationToken);
        TempData["Message"] = "The administrator was created. Sign in.";
        return RedirectToPage("/Login");
    }
}
