using MyChatImposter.ChatProviders;
using MyChatImposter.Pipeline;

namespace MyChatImposter.Tests.Pipeline;

public static class TestMessages
{
    public static InboundMessage Inbound(string correspondent, string id, string text = "hello", MessageDirection direction = MessageDirection.Incoming, string? recipient = null) =>
        new(id, correspondent, new ChatParty(correspondent, "Someone", [correspondent]), null, text, direction, recipient, null);

    public static ArchivedMessage Archived(string correspondent, long id, string content, DateTimeOffset acceptedAt) =>
        new("user", "dummy", correspondent, id, $"m{id}", content, new ChatParty(correspondent, null, []), MessageSource.User,
            acceptedAt, null, null);
}
