namespace MyChatImposter.Accounts;

public enum AccountChange
{
    Done,
    NotFound,
    AlreadyExists,
    // The change would leave the site without an enabled administrator.
    LastAdmin,
    InvalidUserId,
    WeakPassword,
    WrongCurrentPassword,
    // No turn for a password check (PasswordCheckGate): nothing was checked or changed.
    Busy,
}

public sealed record AccountChangeResult(AccountChange Outcome, IReadOnlyList<string> Problems)
{
    public static AccountChangeResult Of(AccountChange outcome, params string[] problems) => new(outcome, problems);

    public bool Succeeded => Outcome == AccountChange.Done;
}

// Account management shared by the REST API, the pages and the create-admin command. Every change is
// audited with who made it; password changes end the affected sessions.
public sealed class AccountService(
    IAccountStore accounts, ILoginSessionStore sessions, IApiTokenStore tokens, LoginThrottle throttle, PasswordHasher hasher,
    PasswordCheckGate passwordChecks, AuditTrail audit, TimeProvider time)
{
    public async Task<AccountChangeResult> CreateAsync(
        string? userId, string? password, AccountRole role, string? actor, CancellationToken cancellationToken)
    {
        if (!UserIdRule.IsValid(userId))
        {
            return AccountChangeResult.Of(AccountChange.InvalidUserId, $"The user id must be {UserIdRule.Description}");
        }
        if (PasswordPolicy.Check(password) is { Count: > 0 } problems)
        {
            return new(AccountChange.WeakPassword, problems);
        }

        var now = time.GetUtcNow();
        var created = await accounts.CreateAsync(
            new Account(userId!, role, PasswordHasher.Hash(password!), Disabled: false, now, now), cancellationToken);
        if (!created)
        {
            return AccountChangeResult.Of(AccountChange.AlreadyExists, $"An account named '{userId}' already exists.");
        }
        await audit.RecordAsync(AuditEvents.AccountCreated, actor, userId,
            new Dictionary<string, string> { ["role"] = ImposterClaims.RoleName(role) }, cancellationToken);
        return AccountChangeResult.Of(AccountChange.Done);
    }

    public Task<AccountChangeResult> SetRoleAsync(string userId, AccountRole role, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(userId, account => account.Role == role, removesAnAdmin: role != AccountRole.Admin,
            account => account with { Role = role },
            async () => await audit.RecordAsync(AuditEvents.AccountRoleChanged, actor, userId,
                new Dictionary<string, string> { ["role"] = ImposterClaims.RoleName(role) }, cancellationToken),
            cancellationToken);

    public Task<AccountChangeResult> SetDisabledAsync(string userId, bool disabled, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(userId, account => account.Disabled == disabled, removesAnAdmin: disabled,
            account => account with { Disabled = disabled },
            async () =>
            {
                if (disabled)
                {
                    await sessions.DeleteForUserAsync(userId, exceptIdHash: null, cancellationToken);
                }
                await audit.RecordAsync(disabled ? AuditEvents.AccountDisabled : AuditEvents.AccountEnabled, actor, userId,
                    cancellationToken: cancellationToken);
            },
            cancellationToken);

    // A change of one account's role or state: nothing to do when it is already so; refused when it would
    // leave no enabled administrator; otherwise stored, then what follows from it (sessions, audit).
    private async Task<AccountChangeResult> ChangeAsync(
        string userId, Func<Account, bool> alreadySo, bool removesAnAdmin, Func<Account, Account> change, Func<Task> afterwards,
        CancellationToken cancellationToken)
    {
        var account = await accounts.GetAsync(userId, cancellationToken);
        if (account is null)
        {
            return NotFound(userId);
        }
        if (alreadySo(account))
        {
            return AccountChangeResult.Of(AccountChange.Done);
        }
        if (removesAnAdmin && await IsLastEnabledAdminAsync(account, cancellationToken))
        {
            return LastAdmin();
        }
        await accounts.UpdateAsync(change(account) with { UpdatedAt = time.GetUtcNow() }, cancellationToken);
        await afterwards();
        return AccountChangeResult.Of(AccountChange.Done);
    }

    public async Task<AccountChangeResult> DeleteAsync(string userId, string actor, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAsync(userId, cancellationToken);
        if (account is null)
        {
            return NotFound(userId);
        }
        if (await IsLastEnabledAdminAsync(account, cancellationToken))
        {
            return LastAdmin();
        }
        await accounts.DeleteAsync(userId, cancellationToken);
        await sessions.DeleteForUserAsync(userId, exceptIdHash: null, cancellationToken);
        await tokens.DeleteForUserAsync(userId, cancellationToken);
        await throttle.UnlockAsync(userId, cancellationToken);
        await audit.RecordAsync(AuditEvents.AccountDeleted, actor, userId, cancellationToken: cancellationToken);
        return AccountChangeResult.Of(AccountChange.Done);
    }

    // An administrator sets someone's password: every session of that account ends.
    public async Task<AccountChangeResult> SetPasswordAsync(string userId, string? password, string actor, CancellationToken cancellationToken)
    {
        if (PasswordPolicy.Check(password) is { Count: > 0 } problems)
        {
            return new(AccountChange.WeakPassword, problems);
        }
        var account = await accounts.GetAsync(userId, cancellationToken);
        if (account is null)
        {
            return NotFound(userId);
        }
        await accounts.UpdateAsync(account with { PasswordHash = PasswordHasher.Hash(password!), UpdatedAt = time.GetUtcNow() }, cancellationToken);
        await sessions.DeleteForUserAsync(userId, exceptIdHash: null, cancellationToken);
        await audit.RecordAsync(AuditEvents.PasswordSet, actor, userId, cancellationToken: cancellationToken);
        return AccountChangeResult.Of(AccountChange.Done);
    }

    // A user changes their own password: the current one is required and their other sessions end.
    public async Task<AccountChangeResult> ChangeOwnPasswordAsync(
        string userId, string? currentPassword, string? newPassword, string currentSessionFingerprint,
        CancellationToken cancellationToken)
    {
        var account = await accounts.GetAsync(userId, cancellationToken);
        if (account is null)
        {
            return NotFound(userId);
        }
        if (string.IsNullOrEmpty(currentPassword))
        {
            return AccountChangeResult.Of(AccountChange.WrongCurrentPassword, "The current password is not correct.");
        }
        // Any signed-in user can repeat this at will: its bcrypt check waits for a turn like a sign-in's, in
        // the line of its account rather than of an address.
        bool currentMatches;
        using (var permit = await passwordChecks.EnterAsync($"account:{userId}", cancellationToken))
        {
            if (permit is null)
            {
                return AccountChangeResult.Of(AccountChange.Busy,
                    $"Too many passwords are being checked right now; try again in {passwordChecks.RetryAfterSeconds} seconds.");
            }
            currentMatches = hasher.Verify(currentPassword, account.PasswordHash);
        }
        if (!currentMatches)
        {
            return AccountChangeResult.Of(AccountChange.WrongCurrentPassword, "The current password is not correct.");
        }
        if (PasswordPolicy.Check(newPassword) is { Count: > 0 } problems)
        {
            return new(AccountChange.WeakPassword, problems);
        }
        await accounts.UpdateAsync(account with { PasswordHash = PasswordHasher.Hash(newPassword!), UpdatedAt = time.GetUtcNow() }, cancellationToken);
        var ended = await EndOtherSessionsAsync(userId, currentSessionFingerprint, cancellationToken);
        await audit.RecordAsync(AuditEvents.PasswordChanged, userId, userId,
            new Dictionary<string, string> { ["other_sessions_ended"] = ended.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            cancellationToken);
        return AccountChangeResult.Of(AccountChange.Done);
    }

    public async Task<AccountChangeResult> UnlockAsync(string userId, string actor, CancellationToken cancellationToken)
    {
        if (await accounts.GetAsync(userId, cancellationToken) is null)
        {
            return NotFound(userId);
        }
        var removed = await throttle.UnlockAsync(userId, cancellationToken);
        await audit.RecordAsync(AuditEvents.AccountUnlocked, actor, userId,
            new Dictionary<string, string> { ["locks_removed"] = removed.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            cancellationToken);
        return AccountChangeResult.Of(AccountChange.Done);
    }

    // Sessions are named to their owner by fingerprint (the claim of the current request), never by id.
    public async Task<int> EndOtherSessionsAsync(string userId, string currentSessionFingerprint, CancellationToken cancellationToken)
    {
        var current = (await sessions.ListForUserAsync(userId, cancellationToken))
            .FirstOrDefault(session => SessionIds.Fingerprint(session.IdHash) == currentSessionFingerprint);
        // Without a current session to keep, "the others" is undefined: end nothing rather than everything.
        return current is null ? 0 : await sessions.DeleteForUserAsync(userId, current.IdHash, cancellationToken);
    }

    public async Task<bool> EndSessionAsync(string userId, string fingerprint, CancellationToken cancellationToken)
    {
        var session = (await sessions.ListForUserAsync(userId, cancellationToken))
            .FirstOrDefault(candidate => SessionIds.Fingerprint(candidate.IdHash) == fingerprint);
        return session is not null && await sessions.DeleteAsync(session.IdHash, cancellationToken);
    }

    private async Task<bool> IsLastEnabledAdminAsync(Account account, CancellationToken cancellationToken) =>
        account is { Role: AccountRole.Admin, Disabled: false }
        && await accounts.CountEnabledAdminsAsync(cancellationToken) <= 1;

    private static AccountChangeResult NotFound(string userId) =>
        AccountChangeResult.Of(AccountChange.NotFound, $"No account named '{userId}'.");

    private static AccountChangeResult LastAdmin() => AccountChangeResult.Of(AccountChange.LastAdmin,
        "This is the last enabled administrator; create or enable another administrator first.");
}
