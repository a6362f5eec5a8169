namespace MyChatImposter.Webhooks;

// What a client sends to create or change a subscription; Enabled absent = on for a new one, unchanged for an
// existing one.
public sealed record WebhookInput(string? Url, IReadOnlyList<string>? Events, bool? Enabled);

public enum WebhookSaveOutcome
{
    Saved,
    Invalid,
    NotFound,
    TooMany,
}

// Errors are keyed by the JSON field (url, events); Secret is the secret itself, set when one was just made.
public sealed record WebhookSaveResult(
    WebhookSaveOutcome Outcome, WebhookSubscription? Subscription, IReadOnlyDictionary<string, string[]> Errors)
{
    public static WebhookSaveResult Failed(WebhookSaveOutcome outcome, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new(outcome, null, errors ?? new Dictionary<string, string[]>());
}

// Each bot's subscriptions, as the API and the page change them: validation, the per-bot limit, secrets, and
// the cache the event recorder asks ("who wants this event?") on every archived message, kept current by
// being the only writer.
public sealed class WebhookSubscriptions(
    IWebhookSubscriptionStore store, IWebhookOutboxStore outbox, WebhookSecrets secrets, IOptions<WebhookOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<WebhookSubscription>> _byUser = new(StringComparer.Ordinal);

    // Counts the writes: a list read from the store while one happened may be stale, so it is not cached.
    private long _writes;

    public Task<IReadOnlyList<WebhookSubscription>> ListAsync(string userId, CancellationToken cancellationToken) =>
        store.ListAsync(userId, cancellationToken);

    public Task<WebhookSubscription?> GetAsync(string userId, string id, CancellationToken cancellationToken) =>
        store.GetAsync(userId, id, cancellationToken);

    // The bot's enabled subscriptions to that event.
    public async Task<IReadOnlyList<WebhookSubscription>> WantingAsync(string userId, string eventType, CancellationToken cancellationToken)
    {
        if (!_byUser.TryGetValue(userId, out var subscriptions))
        {
            var writes = Interlocked.Read(ref _writes);
            subscriptions = await store.ListAsync(userId, cancellationToken);
            if (Interlocked.Read(ref _writes) == writes)
            {
                _byUser.TryAdd(userId, subscriptions);
            }
        }
        return [.. subscriptions.Where(subscription => subscription.Wants(eventType))];
    }

    // The secret to show the owner or sign with; null when the key ring that protected it is gone.
    public string? SecretOf(WebhookSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return secrets.Reveal(subscription.UserId, subscription.StoredSecret);
    }

    public async Task<WebhookSaveResult> CreateAsync(string userId, WebhookInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (url, events, errors) = Check(input);
        if (errors.Count > 0)
        {
            return WebhookSaveResult.Failed(WebhookSaveOutcome.Invalid, errors);
        }
        if (await store.CountForUserAsync(userId, cancellationToken) >= options.Value.MaxSubscriptionsPerBot)
        {
            return WebhookSaveResult.Failed(WebhookSaveOutcome.TooMany);
        }
        var (_, stored) = secrets.Create(userId);
        var subscription = new WebhookSubscription(Guid.NewGuid().ToString("N"), userId, url!, events, input.Enabled ?? true, stored,
            time.GetUtcNow());
        await store.AddAsync(subscription, cancellationToken);
        Forget(userId);
        return new(WebhookSaveOutcome.Saved, subscription, errors);
    }

    public async Task<WebhookSaveResult> UpdateAsync(string userId, string id, WebhookInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await store.GetAsync(userId, id, cancellationToken) is not { } current)
        {
            return WebhookSaveResult.Failed(WebhookSaveOutcome.NotFound);
        }
        var (url, events, errors) = Check(input);
        if (errors.Count > 0)
        {
            return WebhookSaveResult.Failed(WebhookSaveOutcome.Invalid, errors);
        }
        return await SaveAsync(current with { Url = url!, Events = events, Enabled = input.Enabled ?? current.Enabled }, cancellationToken);
    }

    public async Task<WebhookSaveResult> SetEnabledAsync(string userId, string id, bool enabled, CancellationToken cancellationToken) =>
        await store.GetAsync(userId, id, cancellationToken) is { } current
            ? await SaveAsync(current with { Enabled = enabled }, cancellationToken)
            : WebhookSaveResult.Failed(WebhookSaveOutcome.NotFound);

    // A new secret at once: requests signed from now on use it.
    public async Task<WebhookSaveResult> RotateSecretAsync(string userId, string id, CancellationToken cancellationToken) =>
        await store.GetAsync(userId, id, cancellationToken) is { } current
            ? await SaveAsync(current with { StoredSecret = secrets.Create(userId).Stored }, cancellationToken)
            : WebhookSaveResult.Failed(WebhookSaveOutcome.NotFound);

    // The subscription and its delivery log; what is still pending for it is never sent.
    public async Task<bool> DeleteAsync(string userId, string id, CancellationToken cancellationToken)
    {
        var deleted = await store.DeleteAsync(userId, id, cancellationToken);
        Forget(userId);
        await outbox.DeleteForSubscriptionAsync(userId, id, cancellationToken);
        return deleted;
    }

    public async Task<long> DeleteForUserAsync(string userId, CancellationToken cancellationToken)
    {
        var deleted = await store.DeleteForUserAsync(userId, cancellationToken);
        Forget(userId);
        return deleted;
    }

    private async Task<WebhookSaveResult> SaveAsync(WebhookSubscription changed, CancellationToken cancellationToken)
    {
        var saved = await store.UpdateAsync(changed, cancellationToken);
        Forget(changed.UserId);
        return saved
            ? new(WebhookSaveOutcome.Saved, changed, new Dictionary<string, string[]>())
            : WebhookSaveResult.Failed(WebhookSaveOutcome.NotFound);
    }

    private void Forget(string userId)
    {
        Interlocked.Increment(ref _writes);
        _byUser.TryRemove(userId, out _);
    }

    private (string? Url, IReadOnlyList<string> Events, Dictionary<string, string[]> Errors) Check(WebhookInput input)
    {
        var errors = new Dictionary<string, string[]>();
        if (WebhookUrlRule.Problem(input.Url, options.Value.AllowPrivateUrls) is { } urlProblem)
        {
            errors["url"] = [urlProblem];
        }
        var wanted = input.Events ?? [];
        var unknown = wanted.Where(name => !WebhookEventTypes.IsKnown(name ?? "")).ToList();
        if (unknown.Count > 0)
        {
            errors["events"] = [$"{string.Join(", ", unknown.Select(name => $"'{name}'"))} is not an event; "
                + $"choose from {string.Join(", ", WebhookEventTypes.All)}."];
        }
        else if (wanted.Count == 0)
        {
            errors["events"] = [$"choose at least one of {string.Join(", ", WebhookEventTypes.All)}."];
        }
        // Kept in the list's order, each once, so a subscription reads the same however it was sent.
        return (input.Url?.Trim(), [.. WebhookEventTypes.All.Where(name => wanted.Contains(name, StringComparer.Ordinal))], errors);
    }
}
