namespace MyChatImposter.Webhooks;

// When a delivery that did not arrive is tried again: 10 s, 30 s, 2 min, 10 min, 30 min, 1 h, then every 2 h,
// and after the 12th attempt (about 12 hours after the first) it fails for good; "send again" starts the count
// afresh. No jitter: deliveries are per receiver already spread by when their events happened.
public static class WebhookBackoff
{
    public const int MaxAttempts = 12;

    private static readonly TimeSpan[] Waits =
    [
        TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10),
        TimeSpan.FromMinutes(30), TimeSpan.FromHours(1),
    ];

    private static readonly TimeSpan Later = TimeSpan.FromHours(2);

    // After attempt number `attempts` (1 = the first) failed: when to try again, or null to give up.
    public static DateTimeOffset? NextAttemptAt(int attempts, DateTimeOffset now) =>
        attempts >= MaxAttempts ? null : now + (attempts <= Waits.Length ? Waits[Math.Max(attempts, 1) - 1] : Later);
}
