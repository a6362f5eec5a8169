namespace MyChatImposter.Webhooks;

// Where one bot's events go. StoredSecret is the signing secret as WebhookSecrets protected it, never the
// secret itself; Events holds names from WebhookEventTypes.All, at least one, in that order.
public sealed record WebhookSubscription(
    string Id,
    string UserId,
    string Url,
    IReadOnlyList<string> Events,
    bool Enabled,
    string StoredSecret,
    DateTimeOffset CreatedAt)
{
    public bool Wants(string eventType) => Enabled && Events.Contains(eventType, StringComparer.Ordinal);

    // Records compare lists by reference; the stores' tests compare subscriptions by value.
    public bool Equals(WebhookSubscription? other) =>
        other is not null && Id == other.Id && UserId == other.UserId && Url == other.Url && Events.SequenceEqual(other.Events)
        && Enabled == other.Enabled && StoredSecret == other.StoredSecret && CreatedAt == other.CreatedAt;

    public override int GetHashCode() => HashCode.Combine(Id, UserId, Url, Enabled, StoredSecret, CreatedAt);
}
