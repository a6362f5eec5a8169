using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace MyChatImposter.Pages.Accounts;

// Login accounts, administrators only. Every change goes through AccountService, so the page keeps the
// same rules (last administrator, password policy) and audit as the REST API.
//
// The page holds several small forms: "create" and, per row, role, enable/disable, password and unlock.
// Each handler binds only its own form's fields (no page-wide [BindProperty]), so the validation of one
// form never leaks errors or values into another when the page is shown again.
[Authorize(Policy = ApiPolicies.Admin)]
public sealed class IndexModel(
    AccountService accounts, IAccountStore store, ILoginThrottleStore throttle, ApiTokenService tokens, TimeProvider time) : PageModel
{
    public IReadOnlyList<AccountRow> Accounts { get; private set; } = [];

    // Everyone's API tokens (never their text), each revocable here.
    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];

    public DateTimeOffset Now => time.GetUtcNow();

    public NewAccountInput NewAccount { get; set; } = new();

    // Set when a row's set-password form failed: that row shows its errors.
    public PasswordResetInput? PasswordReset { get; set; }

    public sealed record AccountRow(
        string UserId, AccountRole Role, bool Disabled, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
        IReadOnlyList<LoginLock> Locks, bool IsCurrentUser);

    public sealed record LoginLock(string? ClientIp, DateTimeOffset Until);

    public sealed class NewAccountInput
    {
        [Required(ErrorMessage = "Choose a user id.")]
        [Display(Name = "User id")]
        public string? UserId { get; set; }

        [Required(ErrorMessage = "Choose a password.")]
        [DataType(DataType.Password)]
        public string? Password { get; set; }

        public AccountRole Role { get; set; } = AccountRole.User;
    }

    public sealed class PasswordResetInput
    {
        [Required]
        public string? UserId { get; set; }

        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string? Password { get; set; }
    }

    public static string Describe(AccountRole role) => role == AccountRole.Admin ? "administrator" : "regular user";

    private string Actor => User.UserId()!;

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(
        [Bind(Prefix = nameof(NewAccount))] NewAccountInput newAccount, CancellationToken cancellationToken)
    {
        NewAccount = newAccount;
        if (ModelState.IsValid)
        {
            var result = await accounts.CreateAsync(newAccount.UserId, newAccount.Password, newAccount.Role, Actor, cancellationToken);
            if (result.Succeeded)
            {
                return Done($"Account {newAccount.UserId} created ({Describe(newAccount.Role)}).");
            }
            var field = result.Outcome switch
            {
                AccountChange.InvalidUserId or AccountChange.AlreadyExists => $"{nameof(NewAccount)}.{nameof(NewAccountInput.UserId)}",
                AccountChange.WeakPassword => $"{nameof(NewAccount)}.{nameof(NewAccountInput.Password)}",
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

    // [BindRequired]: a form without the field must not fall back to the enum's default and demote someone.
    public async Task<IActionResult> OnPostRoleAsync(string userId, [BindRequired] AccountRole role, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Done("Nothing changed: name an account and a role (user or administrator).");
        }
        var result = await accounts.SetRoleAsync(userId, role, Actor, cancellationToken);
        return Done(result, $"{userId} is now {(role == AccountRole.Admin ? "an" : "a")} {Describe(role)}.");
    }

    public async Task<IActionResult> OnPostDisabledAsync(string userId, [BindRequired] bool disabled, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Done("Nothing changed: name an account and whether to disable it.");
        }
        var result = await accounts.SetDisabledAsync(userId, disabled, Actor, cancellationToken);
        return Done(result, disabled ? $"{userId} is disabled; their sessions were ended." : $"{userId} is enabled again.");
    }

    public async Task<IActionResult> OnPostPasswordAsync(
        [Bind(Prefix = nameof(PasswordReset))] PasswordResetInput reset, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Done("Nothing changed: name the account whose password to set.");
        }
        var result = await accounts.SetPasswordAsync(reset.UserId!, reset.Password, Actor, cancellationToken);
        if (result.Outcome != AccountChange.WeakPassword)
        {
            return Done(result, $"The password of {reset.UserId} was set; their sessions were ended.");
        }
        PasswordReset = reset;
        foreach (var problem in result.Problems)
        {
            ModelState.AddModelError($"{nameof(PasswordReset)}.{nameof(PasswordResetInput.Password)}", problem);
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostUnlockAsync(string userId, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Done("Nothing changed: name the account to unlock.");
        }
        var result = await accounts.UnlockAsync(userId, Actor, cancellationToken);
        return Done(result, $"{userId} is unlocked: sign-in is allowed again from every address.");
    }

    public async Task<IActionResult> OnPostRevokeTokenAsync(string? tokenId, CancellationToken cancellationToken)
    {
        var revoked = string.IsNullOrEmpty(tokenId) ? null : await tokens.RevokeAsync(tokenId, Actor, asAdministrator: true, cancellationToken);
        return Done(revoked is null
            ? "Nothing revoked: there is no such token."
            : $"The token \u201c{revoked.Name}\u201d of {revoked.UserId} is revoked.");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Tokens = await tokens.ListAsync(userId: null, cancellationToken);
        var locked = await throttle.ListLockedAsync(time.GetUtcNow(), cancellationToken);
        var currentUser = User.UserId();
        Accounts = [.. (await store.ListAsync(cancellationToken)).Select(account => new AccountRow(
            account.UserId, account.Role, account.Disabled, account.CreatedAt, account.UpdatedAt,
            [.. locked
                .Where(record => record.UserId == account.UserId && record.LockedUntil is not null)
                .Select(record => new LoginLock(record.ClientIp, record.LockedUntil!.Value))],
            account.UserId == currentUser))];
    }

    // Post/redirect/get: the outcome travels to the next GET in TempData; a refusal (last administrator,
    // no such account) is a message like any other, never an error page.
    private RedirectToPageResult Done(AccountChangeResult result, string success) =>
        Done(result.Succeeded ? success : "Nothing changed: " + string.Join(" ", result.Problems));

    private RedirectToPageResult Done(string message)
    {
        TempData["Message"] = message;
        return RedirectToPage();
    }
}
