namespace MyChatImposter.Pages.Bots;

// The bot's webhooks: subscribe a URL to events, turn a subscription on or off, delete it, see and rotate its
// signing secret, send it a test ping, and read the latest deliveries with "Send again" on each. Everything
// goes through WebhookSubscriptions and WebhookDeliveryLog, as the API does; a subscription or delivery
// posted back is looked up under this bot's id only.
public sealed class WebhooksModel(
    WebhookSubscriptions subscriptions, IWebhookOutboxStore outbox, WebhookEvents events, WebhookDeliveryLog log,
    IOptions<WebhookOptions> options) : BotPageModel
{
    public const int Shown = 50;

    [BindProperty]
    public AddInput Input { get; set; } = new();

    public IReadOnlyList<(WebhookSubscription Subscription, string? Secret)> Subscriptions { get; private set; } = [];

    public IReadOnlyList<WebhookDelivery> Deliveries { get; private set; } = [];

    public int MaxSubscriptions => options.Value.MaxSubscriptionsPerBot;

    public sealed class AddInput
    {
        [Display(Name = "URL to post events to")]
        public string? Url { get; set; }

        public List<string> Events { get; set; } = [];
    }

    public async Task<IActionResult> OnGetAsync([FromRoute(Name = "user_id")] string userId, CancellationToken cancellationToken)
    {
        await LoadAsync(userId, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync([FromRoute(Name = "user_id")] string userId, CancellationToken cancellationToken)
    {
        var result = await subscriptions.CreateAsync(userId, new WebhookInput(Input.Url, Input.Events, true), cancellationToken);
        switch (result.Outcome)
        {
            case WebhookSaveOutcome.Saved:
                return Done($"Events now go to {result.Subscription!.Url}. Its signing secret is shown below.");
            case WebhookSaveOutcome.TooMany:
                ModelState.AddModelError(string.Empty, $"A bot has at most {MaxSubscriptions} webhooks; delete one first.");
                break;
            default:
                foreach (var (field, messages) in result.Errors)
                {
                    foreach (var message in messages)
                    {
                        ModelState.AddModelError(field == "url" ? "Input.Url" : "Input.Events", $"{Label(field)} {message}");
                    }
                }
                break;
        }
        await LoadAsync(userId, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync(
        [FromRoute(Name = "user_id")] string userId, string? id, bool enabled, CancellationToken cancellationToken) =>
        Done((await subscriptions.SetEnabledAsync(userId, id ?? "", enabled, cancellationToken)).Outcome == WebhookSaveOutcome.Saved
            ? enabled ? "The webhook is on: new events go to it." : "The webhook is off: new events no longer go to it."
            : NoSuchWebhook);

    public async Task<IActionResult> OnPostDeleteAsync([FromRoute(Name = "user_id")] string userId, string? id, CancellationToken cancellationToken) =>
        Done(await subscriptions.DeleteAsync(userId, id ?? "", cancellationToken)
            ? "The webhook and its deliveries are deleted; nothing more is sent to it."
            : NoSuchWebhook);

    public async Task<IActionResult> OnPostRotateAsync([FromRoute(Name = "user_id")] string userId, string? id, CancellationToken cancellationToken) =>
        Done((await subscriptions.RotateSecretAsync(userId, id ?? "", cancellationToken)).Outcome == WebhookSaveOutcome.Saved
            ? "A new signing secret is in use from now on; update your receiver."
            : NoSuchWebhook);

    public async Task<IActionResult> OnPostTestAsync([FromRoute(Name = "user_id")] string userId, string? id, CancellationToken cancellationToken)
    {
        if (await subscriptions.GetAsync(userId, id ?? "", cancellationToken) is not { } subscription)
        {
            return Done(NoSuchWebhook);
        }
        await events.PingAsync(subscription, cancellationToken);
        return Done($"A ping is on its way to {subscription.Url}; see the deliveries below.");
    }

    public async Task<IActionResult> OnPostRedeliverAsync([FromRoute(Name = "user_id")] string userId, string? id, CancellationToken cancellationToken) =>
        Done(await log.RedeliverAsync(userId, id ?? "", cancellationToken) is { } delivery
            ? $"The {delivery.EventType} event is sent again."
            : "No such delivery.");

    public string UrlOf(string subscriptionId) =>
        Subscriptions.FirstOrDefault(row => row.Subscription.Id == subscriptionId).Subscription?.Url ?? subscriptionId;

    private const string NoSuchWebhook = "No such webhook.";

    private static string Label(string field) => field == "url" ? "The URL" : "Events:";

    private async Task LoadAsync(string userId, CancellationToken cancellationToken)
    {
        Subscriptions = [.. (await subscriptions.ListAsync(userId, cancellationToken)).Select(row => (row, subscriptions.SecretOf(row)))];
        Deliveries = await outbox.ListAsync(userId, null, null, Shown, cancellationToken);
    }

    private RedirectToPageResult Done(string message)
    {
        TempData["Message"] = message;
        return RedirectToPage();
    }
}
