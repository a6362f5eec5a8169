namespace MyChatImposter.Audit;

// Audit event names: the original's (spec/07 §7) plus what it did not record.
public static class AuditEvents
{
    public const string LoginSuccess = "login_success";
    public const string LoginFailed = "login_failed";
    public const string AccountLocked = "account_locked";
    public const string LoginRejectedLocked = "login_rejected_locked";
    public const string LoginRateLimited = "login_rate_limited";
    public const string LoginBusy = "login_busy";
    public const string Logout = "logout";
    public const string PermissionDenied = "permission_denied";
    public const string AccountCreated = "account_created";
    public const string AccountRoleChanged = "account_role_changed";
    public const string AccountDisabled = "account_disabled";
    public const string AccountEnabled = "account_enabled";
    public const string AccountDeleted = "account_deleted";
    public const string AccountUnlocked = "account_unlocked";
    public const string PasswordSet = "password_set";
    public const string PasswordChanged = "password_changed";
    public const string SessionsEnded = "sessions_ended";
    public const string ConfigurationSaved = "configuration_saved";
    public const string ConfigurationDeleted = "configuration_deleted";
    public const string SetupCompleted = "setup_completed";
    public const string Link = "link";
    public const string Unlink = "unlink";
    public const string TokenCreated = "token_created";
    public const string TokenRevoked = "token_revoked";
    // Housekeeping deleted the oldest rows to keep the log within Audit:MaxRows.
    public const string AuditTrimmed = "audit_trimmed";

    public static IReadOnlyList<string> All { get; } =
    [
        LoginSuccess, LoginFailed, AccountLocked, LoginRejectedLocked, LoginRateLimited, LoginBusy, Logout, PermissionDenied,
        AccountCreated, AccountRoleChanged, AccountDisabled, AccountEnabled, AccountDeleted, AccountUnlocked,
        PasswordSet, PasswordChanged, SessionsEnded, ConfigurationSaved, ConfigurationDeleted, SetupCompleted,
        Link, Unlink, TokenCreated, TokenRevoked, AuditTrimmed,
    ];
}
