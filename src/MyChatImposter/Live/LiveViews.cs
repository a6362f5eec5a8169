using MyChatImposter.Api;
using MyChatImposter.Pages.Bots;

namespace MyChatImposter.Live;

// What a bot's pages are sent, as the stream's JSON (snake_case): one shape per event, and a snapshot whose
// bots carry the fields of all of them, so a page applies a snapshot with the handlers it has for changes.
public sealed class LiveViews(IBotConfigurationStore configurations, ChatSessions sessions, IDeliveryStore deliveries, LlmHealth llm)
{
    // status: as the dashboard and the bot's page show it; text, ended and qr_version for the link page (the
    // QR's text never leaves the server: the link page loads the image by its version).
    public sealed record StatusView(string UserId, string Status, string Text, bool Ended, string? QrVersion);

    public sealed record DeliveryView(string UserId, string? ItemId, string? State, DeliveryDepths Depths);

    public sealed record LlmView(string UserId, SessionsApi.LlmStatus? Llm);

    // Where a message went, inbound (a person wrote) or outbound (the bot sent); the page reads it.
    public sealed record ChatView(string UserId, string Conversation, string Direction);

    public sealed record BotView(
        string UserId, string Status, string Text, bool Ended, string? QrVersion, DeliveryDepths Depths, SessionsApi.LlmStatus? Llm);

    public sealed record SnapshotView(IReadOnlyList<BotView> Bots);

    public static StatusView Status(string userId, ChatStatus? status) => new(userId, status?.Status ?? ChatStatus.Disconnected,
        LinkStatusText.Describe(status), status is null || status.IsEnded, LinkStatusText.QrVersion(status));

    // userId null: every bot (an administrator's dashboard). A bot deleted meanwhile is left out.
    public async Task<SnapshotView> SnapshotAsync(string? userId, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> userIds = userId is null ? await configurations.ListUserIdsAsync(cancellationToken) : [userId];
        var bots = new List<BotView>(userIds.Count);
        foreach (var id in userIds)
        {
            if (await configurations.GetAsync(id, cancellationToken) is null)
            {
                continue;
            }
            var status = Status(id, sessions.Get(id)?.Status);
            bots.Add(new BotView(id, status.Status, status.Text, status.Ended, status.QrVersion,
                await DeliveryDepths.ReadAsync(deliveries, id, cancellationToken), SessionsApi.LlmStatus.From(llm.For(id))));
        }
        return new SnapshotView(bots);
    }

    public async Task<DeliveryView> DeliveryAsync(DeliveryChanged change, CancellationToken cancellationToken) =>
        new(change.UserId, change.ItemId, change.State is { } state ? EnumNames<DeliveryState>.Name(state) : null,
            await DeliveryDepths.ReadAsync(deliveries, change.UserId, cancellationToken));

    public LlmView Llm(string userId) => new(userId, SessionsApi.LlmStatus.From(llm.For(userId)));

    public static ChatView Chat(SandboxMessage message) =>
        new(message.UserId, message.Conversation, message.Outbound ? "outbound" : "inbound");
}
