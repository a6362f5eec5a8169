namespace MyChatImposter.Accounts;

// Host options under "Auth". Defaults follow the original gateway (spec/07) where it was sound.
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    // Absolute lifetime of a login session; never extended by activity.
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(24);

    // A session unused for this long ends, even inside its absolute lifetime.
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(2);

    // Login attempts per client address per minute, across all accounts (429 beyond).
    [Range(1, 10_000)]
    public int LoginAttemptsPerMinute { get; set; } = 10;

    // Failed logins for one account from one client address within FailureWindow that lock that pair.
    [Range(1, 1_000)]
    public int MaxFailures { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(10);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromMinutes(5);

    // How long a login refused by the per-address limit (429) waits before it is answered.
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan RefusedLoginDelay { get; set; } = TimeSpan.FromSeconds(1);

    // Password checks (bcrypt, about 0.3 s of one core each) running at once; see PasswordCheckGate. Half the
    // cores, at least one: with every core hashing, the rest of the host (the person's own sign-in after its
    // check, SQLite, the pipeline) starved. Measured on 2 cores under a sign-in flood (load-tests README):
    // 2 at once, people's sign-ins took 0.3-3.6 s; 1 at once, 0.28-0.60 s.
    [Range(1, 1_024)]
    public int MaxConcurrentPasswordChecks { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    // Sign-in attempts that may wait in each of the gate's two lines; beyond, 503 at once.
    [Range(0, 10_000)]
    public int PasswordCheckQueueLimit { get; set; } = 16;

    // The longest a sign-in attempt waits for its password check before it is refused with 503.
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan PasswordCheckMaxWait { get; set; } = TimeSpan.FromSeconds(3);

    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan AuditRetention { get; set; } = TimeSpan.FromDays(30);

    // Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed: single addresses, and CIDR
    // networks. Both empty (the default): nobody's, so a client cannot pick the address that the throttle,
    // the lockout and the audit log see, nor the scheme of the cookie.
    public List<string> TrustedProxies { get; set; } = [];

    public List<string> TrustedNetworks { get; set; } = [];

    // Request bodies above this are refused with 413, whether or not Content-Length is sent.
    [Range(1_024, 100 * 1024 * 1024)]
    public int MaxRequestBodyBytes { get; set; } = 80_000;
}
