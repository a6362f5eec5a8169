namespace MyChatImposter.Pages;

// The dashboard: administrators see every bot, a regular user their own, each with its live status and
// queue depths (followed through GET /events by wwwroot/js/dashboard.js).
// The row actions post to the bot's own page (/bots/{user_id}), where the owner-or-admin policy checks
// the route value: a form here naming the bot in its body would bypass that check.
public sealed class IndexModel(
    IBotConfigurationStore store, ChatSessions sessions, IDeliveryStore deliveries, LlmHealth llm, IOptions<StorageOptions> storageOptions)
    : PageModel
{
    public IReadOnlyList<BotRow> Bots { get; private set; } = [];

    public string StorageDescription => storageOptions.Value.Provider.ToString();

    public sealed record BotRow(string UserId, string ChatProvider, string Status, DeliveryDepths Queue, LlmHealthReport? Llm);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> visible = User.IsAdmin()
            ? await store.ListUserIdsAsync(cancellationToken)
            : [User.UserId()!];
        var rows = new List<BotRow>(visible.Count);
        foreach (var userId in visible)
        {
            // A bot deleted between the listing and this read is simply not shown.
            if (await store.GetAsync(userId, cancellationToken) is { } configuration)
            {
                rows.Add(new BotRow(userId, configuration.Configurations.ChatProviderConfig.ProviderName,
                    sessions.Get(userId)?.Status.Status ?? ChatStatus.Disconnected,
                    await DeliveryDepths.ReadAsync(deliveries, userId, cancellationToken), llm.For(userId)));
            }
        }
        Bots = rows;
    }
}
