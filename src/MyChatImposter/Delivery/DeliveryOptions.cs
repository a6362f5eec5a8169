namespace MyChatImposter.Delivery;

// Host options under "Delivery": how every user's sender paces, retries and caps what it sends.
//
// The caps' defaults come from what people running unofficial WhatsApp clients (Baileys, whatsapp-web.js)
// report about bans: accounts were restricted after 15-20 messages a day to people they had never chatted
// with (WhiskeySockets/Baileys#1983), after about 400 conversations in two hours (#1850), and after bulk
// sends even 7 s apart (#2131); WhatsApp answers 429 around three messages a second (#1248); the advice that
// holds is to answer people who wrote first, at a human pace, and not in bulk (adiwajshing/Baileys#1496).
// This bot answers contacts who wrote to it, one at a time with 1-12 s between sends, so:
// - 20 per recipient per hour: a lively human conversation stays under it, a loop with another bot (each
//   answering the other) is stopped within minutes;
// - 200 per account per day: far above a person's own traffic of replies and digests, far below the volumes
//   reported before bans.
// An item over a cap waits until the window has room; it never fails for it.
public sealed class DeliveryOptions : IValidatableObject
{
    public const string SectionName = "Delivery";

    // Between two sends of one account, a pause drawn uniformly from [MinDelay, MaxDelay] (the original's 1-12 s).
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MinDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(12);

    // Attempts per item before it goes to failed (the original's 3).
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 3;

    // After a failed attempt n the item waits RetryBaseDelay × 2^(n-1), jittered ±50%, at most RetryMaxDelay.
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    [Range(1, 10_000)]
    public int MaxPerRecipientPerHour { get; set; } = 20;

    [Range(1, 100_000)]
    public int MaxPerAccountPerDay { get; set; } = 200;

    // When the provider answers "rate limited" (429, rate-overlimit) without a retry-after, the account's
    // queue pauses RateLimitPause × 2^(n-1) for the n-th answer in a row, jittered, at most RateLimitMaxPause.
    // The item's attempt is not counted: the account was refused, not the message.
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RateLimitPause { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RateLimitMaxPause { get; set; } = TimeSpan.FromHours(1);

    // "typing…" shown to the recipient before a text reply, TypingPerCharacter per character, at most TypingMax.
    public bool TypingPresence { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan TypingPerCharacter { get; set; } = TimeSpan.FromMilliseconds(50);

    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan TypingMax { get; set; } = TimeSpan.FromSeconds(5);

    // A send without an answer by then counts as a failed attempt.
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(60);

    // Sent items are kept this long: they stop a second send of the same item and feed the daily cap, so at least a day.
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan SentRetention { get; set; } = TimeSpan.FromDays(7);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinDelay > MaxDelay)
        {
            yield return new ValidationResult("Delivery:MinDelay must not exceed Delivery:MaxDelay.", [nameof(MinDelay), nameof(MaxDelay)]);
        }
        if (RetryBaseDelay > RetryMaxDelay)
        {
            yield return new ValidationResult("Delivery:RetryBaseDelay must not exceed Delivery:RetryMaxDelay.",
                [nameof(RetryBaseDelay), nameof(RetryMaxDelay)]);
        }
        if (RateLimitPause > RateLimitMaxPause)
        {
            yield return new ValidationResult("Delivery:RateLimitPause must not exceed Delivery:RateLimitMaxPause.",
                [nameof(RateLimitPause), nameof(RateLimitMaxPause)]);
        }
    }
}
