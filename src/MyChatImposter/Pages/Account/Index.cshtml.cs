namespace MyChatImposter.Pages.Account;

// The signed-in user's own account: their password and their login sessions. Sessions are named by
// fingerprint only (a prefix of the stored hash), never by id or full hash.
[Authorize(Policy = ApiPolicies.AnyUser)]
public sealed class IndexModel(AccountService accounts, ILoginSessionStore sessions, AuditTrail audit) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<SessionRow> Sessions { get; private set; } = [];

    public string UserId => User.UserId()!;

    public string RoleDescription => User.IsAdmin() ? "administrator" : "regular user";

    private string CurrentFingerprint => User.FindFirst(ImposterClaims.SessionFingerprint)?.Value ?? "";

    public sealed record SessionRow(
        string Fingerprint, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt,
        string? ClientIp, string? UserAgent, bool IsCurrent);

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your current password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Current password")]
        public string? CurrentPassword { get; set; }

        [Required(ErrorMessage = "Choose a new password.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string? NewPassword { get; set; }

        [Required(ErrorMessage = "Repeat the new password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Repeat the new password")]
        [Compare(nameof(NewPassword), ErrorMessage = "The new passwords differ.")]
        public string? RepeatPassword { get; set; }
    }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadSessionsAsync(cancellationToken);

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await accounts.ChangeOwnPasswordAsync(
                UserId, Input.CurrentPassword, Input.NewPassword, CurrentFingerprint, cancellationToken);
            if (result.Succeeded)
            {
                return Done("Your password was changed. Your other sessions were ended: sign in there again with the new password.");
            }
            var field = result.Outcome switch
            {
                AccountChange.WrongCurrentPassword => $"{nameof(Input)}.{nameof(InputModel.CurrentPassword)}",
                AccountChange.WeakPassword => $"{nameof(Input)}.{nameof(InputModel.NewPassword)}",
                _ => string.Empty,
            };
            foreach (var problem in result.Problems)
            {
                ModelState.AddModelError(field, problem);
            }
        }
        await LoadSessionsAsync(cancellationToken);
        return Page();
    }

    // The two session handlers always redirect, so the password form bound (empty) alongside them is never shown.
    public async Task<IActionResult> OnPostEndSessionAsync(string? fingerprint, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(fingerprint))
        {
            return Done("Nothing ended: name a session.");
        }
        if (fingerprint == CurrentFingerprint)
        {
            return Done("This is the session you are using: sign out to end it.");
        }
        if (!await accounts.EndSessionAsync(UserId, fingerprint, cancellationToken))
        {
            return Done($"You have no session {fingerprint}; it may have ended already.");
        }
        await audit.RecordAsync(AuditEvents.SessionsEnded, UserId, UserId,
            new Dictionary<string, string> { ["count"] = "1", ["session"] = fingerprint }, cancellationToken);
        return Done($"Session {fingerprint} ended.");
    }

    public async Task<IActionResult> OnPostEndOtherSessionsAsync(CancellationToken cancellationToken)
    {
        var ended = await accounts.EndOtherSessionsAsync(UserId, CurrentFingerprint, cancellationToken);
        await audit.RecordAsync(AuditEvents.SessionsEnded, UserId, UserId,
            new Dictionary<string, string> { ["count"] = ended.ToString(CultureInfo.InvariantCulture) }, cancellationToken);
        return Done(ended == 1 ? "1 other session ended." : $"{ended} other sessions ended.");
    }

    private async Task LoadSessionsAsync(CancellationToken cancellationToken)
    {
        var current = CurrentFingerprint;
        Sessions = [.. (await sessions.ListForUserAsync(UserId, cancellationToken)).Select(session =>
        {
            var fingerprint = SessionIds.Fingerprint(session.IdHash);
            return new SessionRow(fingerprint, session.CreatedAt, session.LastSeenAt, session.ExpiresAt,
                session.ClientIp, session.UserAgent, fingerprint == current);
        })];
    }

    private RedirectToPageResult Done(string message)
    {
        TempData["Message"] = message;
        return RedirectToPage();
    }
}
