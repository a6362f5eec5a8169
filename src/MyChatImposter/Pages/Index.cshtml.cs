namespace MyChatImposter.Pages;

// The dashboard: administrators see every bot, a regular user their own, each with its live status and
// queue depths (followed through GET /events by wwwroot/js/dashboard.js).
// The row actions post to the bot's own page (/bots/{user_id}), where the owner-or-admin policy checks
// the route value: a form here naming the bot in its body would bypass that check.
public sealed class IndexModel(BotLifecycle lifecycle, IDeliveryStore deliveries, IOptions<StorageOptions> storageOptions) : PageModel
{
    public IReadOnlyList<BotRow> Bots { get; private set; } = [];

    public string StorageDescription => storageOptions.Value.Provider.ToString();

    public sealed record BotRow(string UserId, string ChatProvider, string Status, DeliveryDepths Queue, LlmHealthReport? Llm);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var rows = new List<BotRow>();
        foreach (var bot in await lifecycle.ListStatusesAsync(User, cancellationToken))
        {
            rows.Add(new BotRow(bot.UserId, bot.ChatProvider, bot.Status,
                await DeliveryDepths.ReadAsync(deliveries, bot.UserId, cancellationToken), bot.Llm));
        }
        Bots = rows;
    }
}
