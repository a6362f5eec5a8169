namespace MyChatImposter.Pages.Account;

// The signed-in user's own account: their password, their login sessions and their API tokens. Sessions are
// named by fingerprint only (a prefix of the stored hash), never by id or full hash; tokens by name and prefix.
//
// Each form's handler binds only its own fields (no page-wide [BindProperty]): the token form shows the page
// again rather than redirecting (the new token must not travel in TempData), and the password form's
// validation must not show up beside it.
[Authorize(Policy = ApiPolicies.AnyUser)]
public sealed class IndexModel(
    AccountService accounts, ILoginSessionStore sessions, ApiTokenService tokens, AuditTrail audit, TimeProvider time) : PageModel
{
    public InputModel Input { get; set; } = new();

    public NewTokenInput NewToken { get; set; } = new();

    public IReadOnlyList<SessionRow> Sessions { get; private set; } = [];

    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];

    // The text of the token just created, shown once in this answer and never again.
    public string? CreatedTokenText { get; private set; }

    public DateTimeOffset Now => time.GetUtcNow();

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

    // The rules for name and expiry are ApiTokenService's, the API's too; here only what binding refuses.
    public sealed class NewTokenInput
    {
        [Display(Name = "Token name")]
        public string? Name { get; set; }

        [Display(Name = "Expires")]
        public int? ExpiresInDays { get; set; }
    }

    // What the expiry select offers; the API takes any number of days from 1 to 3650.
    public static IReadOnlyList<(string Value, string Label)> ExpiryChoices { get; } =
        [("", "never"), ("30", "in 30 days"), ("90", "in 90 days"), ("365", "in 365 days")];

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostPasswordAsync(
        [Bind(Prefix = nameof(Input))] InputModel input, CancellationToken cancellationToken)
    {
        Input = input;
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
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateTokenAsync(
        [Bind(Prefix = nameof(NewToken))] NewTokenInput newToken, CancellationToken cancellationToken)
    {
        NewToken = newToken;
        if (ModelState.IsValid)
        {
            var creation = await tokens.CreateAsync(UserId, newToken.Name, newToken.ExpiresInDays, cancellationToken);
            if (creation.Succeeded)
            {
                CreatedTokenText = creation.Text;
                NewToken = new NewTokenInput();
                ModelState.Clear();
            }
            else
            {
                var field = creation.Field == ApiTokenService.ExpiryField ? nameof(NewTokenInput.ExpiresInDays) : nameof(NewTokenInput.Name);
                ModelState.AddModelError($"{nameof(NewToken)}.{field}", creation.Problem!);
            }
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeTokenAsync(string? tokenId, CancellationToken cancellationToken)
    {
        var revoked = string.IsNullOrEmpty(tokenId) ? null : await tokens.RevokeAsync(tokenId, UserId, asAdministrator: false, cancellationToken);
        return Done(revoked is null
            ? "Nothing revoked: you have no such token."
            : $"The token \u201c{revoked.Name}\u201d is revoked; calls with it are refused from now on.");
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

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Tokens = await tokens.ListAsync(UserId, cancellationToken);
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
