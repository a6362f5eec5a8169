namespace MyChatImposter.Accounts;

public abstract record LoginOutcome
{
    public sealed record Succeeded(Account Account) : LoginOutcome;

    // Unknown user, wrong password and disabled account look the same to the caller.
    public sealed record Rejected : LoginOutcome;

    public sealed record Locked(DateTimeOffset Until) : LoginOutcome;

    // Too many password checks waiting (PasswordCheckGate): nothing was checked; try again after RetryAfterSeconds.
    public sealed record Busy(int RetryAfterSeconds) : LoginOutcome;
}

// Checks credentials with lockout and audit; signing in (the cookie) is the caller's, so the API and the
// login page share exactly this logic.
public sealed class LoginService(
    IAccountStore accounts, LoginThrottle throttle, PasswordHasher hasher, PasswordCheckGate gate, AuditTrail audit, TimeProvider time)
{
    public async Task<LoginOutcome> AttemptAsync(
        string? userId, string? password, string? clientIp, CancellationToken cancellationToken)
    {
        var wellFormed = UserIdRule.IsValid(userId) && !string.IsNullOrEmpty(password) && password.Length <= PasswordPolicy.MaxLength;
        if (wellFormed && await throttle.LockedUntilAsync(userId!, clientIp, cancellationToken) is { } lockedUntil)
        {
            await audit.RecordAsync(AuditEvents.LoginRejectedLocked, null, userId,
                new Dictionary<string, string> { ["locked_until"] = lockedUntil.ToString("O") }, cancellationToken);
            return new LoginOutcome.Locked(lockedUntil);
        }

        var account = wellFormed ? await accounts.GetAsync(userId!, cancellationToken) : null;
        // Every answer below costs one bcrypt check, which waits for its turn; a refused turn costs none.
        // Malformed input and unknown ids are checked against a decoy hash, at the same cost as a real check,
        // so the answer time does not tell them apart.
        PasswordMatch match;
        using (var permit = await gate.EnterAsync(clientIp, cancellationToken))
        {
            if (permit is null)
            {
                await audit.RecordRefusalAsync(AuditEvents.LoginBusy, null, Truncate(userId), cancellationToken: cancellationToken);
                return new LoginOutcome.Busy(gate.RetryAfterSeconds);
            }
            match = hasher.Check(password ?? "", account?.PasswordHash);
            if (match == PasswordMatch.Legacy && account is { Disabled: false })
            {
                account = await UpgradeHashAsync(account, password!, cancellationToken);
            }
        }
        var passwordMatches = match != PasswordMatch.None;

        if (!wellFormed)
        {
            await audit.RecordAsync(AuditEvents.LoginFailed, null, Truncate(userId),
                new Dictionary<string, string> { ["reason"] = "invalid_credentials" }, cancellationToken);
            return new LoginOutcome.Rejected();
        }

        if (account is { Disabled: false } && passwordMatches)
        {
            gate.Forget(clientIp);
            await throttle.ForgetAsync(userId!, clientIp, cancellationToken);
            await audit.RecordAsync(AuditEvents.LoginSuccess, userId, userId,
                new Dictionary<string, string> { ["role"] = account.Role.ToString().ToLowerInvariant() }, cancellationToken);
            return new LoginOutcome.Succeeded(account);
        }

        var lockedNow = await throttle.RecordFailureAsync(userId!, clientIp, cancellationToken);
        await audit.RecordAsync(AuditEvents.LoginFailed, null, userId,
            new Dictionary<string, string> { ["reason"] = account is { Disabled: true } && passwordMatches ? "disabled" : "invalid_credentials" },
            cancellationToken);
        if (lockedNow is { } until)
        {
            await audit.RecordAsync(AuditEvents.AccountLocked, null, userId,
                new Dictionary<string, string> { ["locked_until"] = until.ToString("O"), ["client_ip"] = clientIp ?? "unknown" },
                cancellationToken);
            return new LoginOutcome.Locked(until);
        }
        return new LoginOutcome.Rejected();
    }

    // The original's plain bcrypt hash gives way to the current form on the first sign-in that proves the
    // password, so the upgrade needs no reset; it is audited (never with the password or either hash). Done
    // inside the permit: hashing is bcrypt work too.
    private async Task<Account> UpgradeHashAsync(Account account, string password, CancellationToken cancellationToken)
    {
        var upgraded = account with { PasswordHash = PasswordHasher.Hash(password), UpdatedAt = time.GetUtcNow() };
        await accounts.UpdateAsync(upgraded, cancellationToken);
        await audit.RecordAsync(AuditEvents.PasswordRehashed, account.UserId, account.UserId, cancellationToken: cancellationToken);
        return upgraded;
    }

    private static string? Truncate(string? value) => value is { Length: > 64 } ? value[..64] : value;
}
