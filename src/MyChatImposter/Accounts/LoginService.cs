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
    IAccountStore accounts, LoginThrottle throttle, PasswordHasher hasher, PasswordCheckGate gate, AuditTrail audit)
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
        bool passwordMatches;
        using (var permit = await gate.EnterAsync(clientIp, cancellationToken))
        {
            if (permit is null)
            {
                await audit.RecordRefusalAsync(AuditEvents.LoginBusy, null, Truncate(userId), cancellationToken: cancellationToken);
                return new LoginOutcome.Busy(gate.RetryAfterSeconds);
            }
            passwordMatches = hasher.Verify(password ?? "", account?.PasswordHash);
        }

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

    private static string? Truncate(string? value) => value is { Length: > 64 } ? value[..64] : value;
}
