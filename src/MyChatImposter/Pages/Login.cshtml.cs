using Microsoft.AspNetCore.RateLimiting;

namespace MyChatImposter.Pages;

// The canonical cookie login page: same LoginService (lockout, audit) and rate limit as the API.
[EnableRateLimiting(LoginRateLimit.Policy)]
public sealed class LoginModel(LoginService logins, FirstRunSetup setup, TimeProvider time) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool SetupOpen { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your user id.")]
        [Display(Name = "User id")]
        public string? UserId { get; set; }

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        public string? Password { get; set; }
    }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        SetupOpen = await setup.IsOpenAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(string? returnUrl, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var outcome = await logins.AttemptAsync(
            Input.UserId, Input.Password, HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        switch (outcome)
        {
            case LoginOutcome.Succeeded succeeded:
                await SessionSignIn.SignInAsync(HttpContext, succeeded.Account);
                return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
            case LoginOutcome.Locked locked:
                var minutes = Math.Max(1, (int)Math.Ceiling((locked.Until - time.GetUtcNow()).TotalMinutes));
                ModelState.AddModelError(string.Empty,
                    $"Too many failed attempts. Signing in to this account from here is locked for {minutes} more minute(s).");
                Response.StatusCode = StatusCodes.Status423Locked;
                return Page();
            case LoginOutcome.Busy busy:
                ModelState.AddModelError(string.Empty,
                    $"Too many people are signing in right now. Please try again in {busy.RetryAfterSeconds} seconds.");
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                Response.Headers.RetryAfter = busy.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Page();
            default:
                ModelState.AddModelError(string.Empty, "The user id or password is not correct.");
                Input.Password = null;
                return Page();
        }
    }
}
