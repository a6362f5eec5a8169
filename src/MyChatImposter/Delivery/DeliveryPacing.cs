namespace MyChatImposter.Delivery;

// The jitter's source: Random.Shared in the host, a seeded Random in tests so every wait is reproducible.
// Senders of different users draw from it concurrently, hence the lock.
public sealed class DeliveryRandom(Random source)
{
    private readonly Lock _gate = new();

    // In [0, 1).
    public double NextDouble()
    {
        lock (_gate)
        {
            return source.NextDouble();
        }
    }
}

// Every duration a sender waits, from the options and the random source.
public sealed class DeliveryPacing(IOptions<DeliveryOptions> options, DeliveryRandom random)
{
    private DeliveryOptions Options => options.Value;

    // Between two sends: uniform in [MinDelay, MaxDelay].
    public TimeSpan Pause() => Options.MinDelay + (Options.MaxDelay - Options.MinDelay) * random.NextDouble();

    // After failed attempt n (1-based): RetryBaseDelay × 2^(n-1), jittered to 50-150%, at most RetryMaxDelay.
    public TimeSpan RetryDelay(int attempt) => Exponential(Options.RetryBaseDelay, attempt, Options.RetryMaxDelay);

    // After the n-th rate-limit answer in a row: what the network asked for, or exponential like a retry.
    public TimeSpan RateLimitPause(int consecutive, TimeSpan? retryAfter) =>
        retryAfter is { } asked && asked > TimeSpan.Zero
            ? TimeSpan.FromTicks(Math.Min(asked.Ticks, Options.RateLimitMaxPause.Ticks))
            : Exponential(Options.RateLimitPause, consecutive, Options.RateLimitMaxPause);

    // "typing…" for a text of this length.
    public TimeSpan Typing(int characters) =>
        TimeSpan.FromTicks(Math.Min(Options.TypingPerCharacter.Ticks * characters, Options.TypingMax.Ticks));

    private TimeSpan Exponential(TimeSpan baseDelay, int step, TimeSpan max)
    {
        var factor = Math.Pow(2, Math.Clamp(step - 1, 0, 30)) * (0.5 + random.NextDouble());
        return TimeSpan.FromTicks((long)Math.Min(baseDelay.Ticks * factor, max.Ticks));
    }
}
