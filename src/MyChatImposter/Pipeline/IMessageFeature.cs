using MyChatImposter.ChatProviders;
using MyChatImposter.Configuration;

namespace MyChatImposter.Pipeline;

// A message handed to a feature: the archived message and the correspondent's current window
// (oldest first, ending with this message, contents cut to max_characters_single_message).
public sealed record FeatureMessage(ArchivedMessage Message, IReadOnlyList<ArchivedMessage> Window);

// Something that acts on people's messages (auto-reply, later ones). Called in order per correspondent;
// different correspondents may be handled concurrently.
public interface IMessageFeature
{
    string Name { get; }

    Task HandleAsync(FeatureMessage message, CancellationToken cancellationToken);
}

// What a session offers the features it starts with.
public sealed record ChatSessionContext(string UserId, UserConfiguration Configuration, IChatProvider Provider);

// Creates the features a session runs, from its configuration (e.g. auto-reply only when enabled).
public interface IMessageFeatureFactory
{
    IEnumerable<IMessageFeature> CreateFor(ChatSessionContext session);
}
