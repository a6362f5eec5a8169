namespace MyChatImposter.OwnerControl;

// The auto-reply feature each running bot has now, so that an owner's decision made on the site or by API
// reaches the conversation's turns and its memory gate, exactly as one made in the owner's chat does.
public sealed class LiveAutoReplies
{
    private readonly ConcurrentDictionary<string, AutoReplyFeature> _features = new(StringComparer.Ordinal);

    public AutoReplyFeature? Get(string userId) => _features.GetValueOrDefault(userId);

    // A reload starts the new session's feature before the old one drains, so the newest one wins and the old
    // one's leaving does not remove it.
    public void Started(string userId, AutoReplyFeature feature) => _features[userId] = feature;

    public void Stopped(string userId, AutoReplyFeature feature) =>
        _features.TryRemove(new KeyValuePair<string, AutoReplyFeature>(userId, feature));
}
