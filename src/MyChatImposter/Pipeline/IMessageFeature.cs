namespace MyChatImposter.Pipeline;

// A message handed to a feature: the archived message and the correspondent's current window
// (oldest first, ending with this message, contents cut to max_characters_single_message).
public sealed record FeatureMessage(ArchivedMessage Message, IReadOnlyList<ArchivedMessage> Window)
{
    // The first line of the message it replies to, as the provider handed it over (not archived).
    public string? QuotedText { get; init; }
}

// Something that acts on people's messages (auto-reply, later ones). Called in order per correspondent;
// different correspondents may be handled concurrently.
public interface IMessageFeature
{
    string Name { get; }

    Task HandleAsync(FeatureMessage message, CancellationToken cancellationToken);

    // Called once the pipeline has handed over its last message (unlink, reload, shutdown): a feature with
    // work of its own in flight (auto-reply's reply turns) finishes it here. Cancelled when the drain times
    // out; the feature then abandons that work and reports what it leaves undone.
    Task DrainAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

// What a session offers the features it starts with. DeadLetters is the session's pipeline's recorder: a
// feature's failure after the pipeline handed a message over is kept where the stages keep theirs.
public sealed record ChatSessionContext(
    string UserId, UserConfiguration Configuration, IChatProvider Provider, DeadLetterRecorder DeadLetters);

// Creates the features a session runs, from its configuration (e.g. auto-reply only when enabled).
public interface IMessageFeatureFactory
{
    // Throws FeatureStartException when the session cannot run the feature.
    IEnumerable<IMessageFeature> CreateFor(ChatSessionContext session);
}

// Why a session cannot start with one of its features: a setting at fault (Field: its JSON path, so it is
// shown beside the field), or, without a field, a part this host does not have.
public sealed class FeatureStartException(string message, string? field = null, Exception? innerException = null)
    : Exception(message, innerException)
{
    public string? Field { get; } = field;
}
