using MyChatImposter.Api;

namespace MyChatImposter.Pages.Bots;

// One bot's delivery queue: what its sender is doing and why items wait, its active, holding and failed
// items, and per item delete (and retry for failed ones), plus retry of every failed item. The route's
// {user_id} decides who may look (owner or admin); an item posted back is acted on only when it belongs to
// that bot, so a user cannot reach another's item by posting its id to their own page.
public sealed class DeliveryModel(IDeliveryStore store, DeliveryQueue queue) : BotPageModel
{
    public const int ItemsShown = 100;
    public const int PreviewLength = 160;

    public static readonly IReadOnlyList<DeliveryState> States =
        [DeliveryState.Active, DeliveryState.Holding, DeliveryState.Failed, DeliveryState.Withdrawn];

    public SenderState? Sender { get; private set; }

    public IReadOnlyDictionary<DeliveryState, StateList> Lists { get; private set; } = new Dictionary<DeliveryState, StateList>();

    public sealed record StateList(long Total, IReadOnlyList<DeliveryItem> Items);

    public async Task<IActionResult> OnGetAsync([FromRoute(Name = "user_id")] string userId, CancellationToken cancellationToken)
    {
        Sender = queue.SenderOf(userId)?.State;
        var lists = new Dictionary<DeliveryState, StateList>();
        foreach (var state in States)
        {
            lists[state] = new StateList(await store.CountAsync(userId, state, cancellationToken),
                await store.ListAsync(userId, state, 0, ItemsShown, cancellationToken));
        }
        Lists = lists;
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(
        [FromRoute(Name = "user_id")] string userId, string? id, string? state, CancellationToken cancellationToken)
    {
        var item = await ItemOfAsync(userId, id, cancellationToken);
        if (item is null || state is null || DeliveryApi.QueueType(state) is not { } named || item.State != named
            || !await queue.DeleteAsync(item, named, cancellationToken))
        {
            return Done("Nothing deleted: that message is no longer in that queue.");
        }
        return Done($"Deleted the message to {item.Recipient} from the {state} queue.");
    }

    public async Task<IActionResult> OnPostRetryAsync([FromRoute(Name = "user_id")] string userId, string? id, CancellationToken cancellationToken)
    {
        var item = await ItemOfAsync(userId, id, cancellationToken);
        if (item is null || item.State != DeliveryState.Failed || !await queue.RetryAsync(item, cancellationToken))
        {
            return Done("Nothing retried: that message is no longer failed.");
        }
        return Done($"The message to {item.Recipient} is queued again{WhereItWaits(userId)}.");
    }

    public async Task<IActionResult> OnPostRetryAllAsync([FromRoute(Name = "user_id")] string userId, CancellationToken cancellationToken)
    {
        var (count, _) = await queue.RetryAllAsync(userId, cancellationToken);
        return Done(count == 0 ? "Nothing retried: no message has failed." : $"{count} failed message(s) queued again{WhereItWaits(userId)}.");
    }

    public static string Preview(DeliveryItem item) => DeliveryContent.Decode(item.MessageType, item.Content) switch
    {
        TextContent text => text.Text.Length <= PreviewLength ? text.Text : text.Text[..PreviewLength] + "…",
        DocumentContent document => $"document {document.FileName}" + (document.Caption is { } caption ? $": {caption}" : ""),
        _ => $"({item.MessageType})",
    };

    private string WhereItWaits(string userId) =>
        queue.IsSending(userId) ? "" : "; it waits in holding until the bot is connected";

    private async Task<DeliveryItem?> ItemOfAsync(string userId, string? id, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(id) || id.Length > 100 || await store.GetAsync(id, cancellationToken) is not { } item || item.UserId != userId
            ? null
            : item;

    private RedirectToPageResult Done(string message)
    {
        TempData["Message"] = message;
        return RedirectToPage();
    }
}
