using Microsoft.AspNetCore.Http.HttpResults;

namespace MyChatImposter.Api;

// A bot's webhook subscriptions and their delivery log. Every route names its bot, so the owner-or-admin
// policy decides once for the group, and an id naming no bot answers 400/404 before anything is read or
// written. A subscription or delivery of another bot answers 404 as if it did not exist. The secret is in
// every answer about a subscription: its owner needs it to verify signatures.
public static class WebhooksApi
{
    public static void MapWebhooksApi(this IEndpointRouteBuilder api)
    {
        var webhooks = api.MapBotRoutes("/users/{user_id}/webhooks", "Webhooks").OnlyForKnownBots();

        webhooks.MapGet("/", List).WithSummary("The bot's webhook subscriptions, oldest first.");
        webhooks.MapPost("/", Create).WithSummary("Subscribes a URL to some of the bot's events; answers with the signing secret.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        webhooks.MapGet("/{webhook_id}", Get).WithSummary("One subscription, with its signing secret.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapPut("/{webhook_id}", Update).WithSummary("Changes a subscription's URL, events and whether it is enabled.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapDelete("/{webhook_id}", Delete).WithSummary("Deletes a subscription and its delivery log; nothing pending is sent.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapPost("/{webhook_id}/secret", RotateSecret).WithSummary("Replaces the signing secret; requests are signed with the new one at once.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapPost("/{webhook_id}/test", Test).WithSummary("Queues a `ping` event to the subscription, enabled or not.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapGet("/{webhook_id}/deliveries", Deliveries).WithSummary("The subscription's delivery log, newest first.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapPost("/deliveries/{delivery_id}/redeliver", Redeliver)
            .WithSummary("Sends a delivery again: it goes back to pending, due now, its attempts counted afresh, its event id unchanged.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    public sealed record WebhookRequest(string? Url, IReadOnlyList<string>? Events, bool? Enabled);

    // Secret is null only when this host's data-protection keys can no longer decrypt it: rotate it then.
    public sealed record WebhookView(string Id, string Url, IReadOnlyList<string> Events, bool Enabled, string? Secret, DateTimeOffset CreatedAt);

    public sealed record WebhookList(IReadOnlyList<WebhookView> Webhooks, IReadOnlyList<string> EventTypes);

    public sealed record DeliveryView(
        string Id, string EventId, string WebhookId, string Type, string State, int Attempts, DateTimeOffset CreatedAt,
        DateTimeOffset? NextAttemptAt, int? LastStatusCode, string? LastError, DateTimeOffset? DeliveredAt);

    public sealed record DeliveryPage(IReadOnlyList<DeliveryView> Deliveries);

    public static DeliveryView View(WebhookDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return new(delivery.Id, delivery.EventId, delivery.SubscriptionId, delivery.EventType, EnumNames<WebhookDeliveryState>.Name(delivery.State),
            delivery.Attempts, delivery.CreatedAt, delivery.State == WebhookDeliveryState.Pending ? delivery.NextAttemptAt : null,
            delivery.LastStatusCode, delivery.LastError, delivery.DeliveredAt);
    }

    private static WebhookView View(WebhookSubscription subscription, WebhookSubscriptions subscriptions) =>
        new(subscription.Id, subscription.Url, subscription.Events, subscription.Enabled, subscriptions.SecretOf(subscription), subscription.CreatedAt);

    private static async Task<Ok<WebhookList>> List(
        [FromRoute(Name = "user_id")] string userId, WebhookSubscriptions subscriptions, CancellationToken cancellationToken) =>
        TypedResults.Ok(new WebhookList(
            [.. (await subscriptions.ListAsync(userId, cancellationToken)).Select(subscription => View(subscription, subscriptions))],
            WebhookEventTypes.All));

    private static async Task<Results<Created<WebhookView>, ProblemHttpResult>> Create(
        [FromRoute(Name = "user_id")] string userId, [FromBody] WebhookRequest body, WebhookSubscriptions subscriptions,
        IOptions<WebhookOptions> options, CancellationToken cancellationToken)
    {
        var result = await subscriptions.CreateAsync(userId, Input(body), cancellationToken);
        return result switch
        {
            { Outcome: WebhookSaveOutcome.Saved, Subscription: { } saved } =>
                TypedResults.Created($"/api/external/users/{userId}/webhooks/{saved.Id}", View(saved, subscriptions)),
            { Outcome: WebhookSaveOutcome.TooMany } => TypedResults.Problem(title: "Too many webhooks", statusCode: StatusCodes.Status409Conflict,
                detail: $"A bot has at most {options.Value.MaxSubscriptionsPerBot} webhook subscriptions; delete one first."),
            _ => Invalid(result),
        };
    }

    private static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> Get(
        [FromRoute(Name = "user_id")] string userId, [FromRoute(Name = "webhook_id")] string webhookId, WebhookSubscriptions subscriptions,
        CancellationToken cancellationToken) =>
        await subscriptions.GetAsync(userId, webhookId, cancellationToken) is { } subscription
            ? TypedResults.Ok(View(subscription, subscriptions))
            : NoSuchWebhook(webhookId);

    private static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> Update(
        [FromRoute(Name = "user_id")] string userId, [FromRoute(Name = "webhook_id")] string webhookId, [FromBody] WebhookRequest body,
        WebhookSubscriptions subscriptions, CancellationToken cancellationToken) =>
        Saved(webhookId, await subscriptions.UpdateAsync(userId, webhookId, Input(body), cancellationToken), subscriptions);

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        [FromRoute(Name = "user_id")] string userId, [FromRoute(Name = "webhook_id")] string webhookId, WebhookSubscriptions subscriptions,
        CancellationToken cancellationToken) =>
        await subscriptions.DeleteAsync(userId, webhookId, cancellationToken) ? TypedResults.NoContent() : NoSuchWebhook(webhookId);

    private static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> RotateSecret(
        [FromRoute(Name = "user_id")] string userId, [FromRoute(Name = "webhook_id")] string webhookId, WebhookSubscriptions subscriptions,
        CancellationToken cancellationToken) =>
        Saved(webhookId, await subscriptions.RotateSecretAsync(userId, webhookId, cancellationToken), subscriptions);

    private static async Task<Results<Accepted<DeliveryView>, ProblemHttpResult>> Test(
        [FromRoute(Name = "user_id")] string userId, [FromRoute(Name = "webhook_id")] string webhookId, WebhookSubscriptions subscriptions,
        WebhookEvents events, CancellationToken cancellationToken)
    {
        if (await subscriptions.GetAsync(userId, webhookId, cancellationToken) is not { } subscription)
        {
            return NoSuchWebhook(webhookId);
        }
        var ping = await events.PingAsync(subscription, cancellationToken);
        return TypedResults.Accepted((string?)null, View(ping));
    }

    private static async Task<Results<Ok<DeliveryPage>, ProblemHttpResult>> Deliveries(
        [FromRoute(Name = "user_id")] string userId, [FromRoute(Name = "webhook_id")] string webhookId, WebhookSubscriptions subscriptions,
        IWebhookOutboxStore outbox, CancellationToken cancellationToken, string? state = null, int limit = 50)
    {
        WebhookDeliveryState? wanted = null;
        if (state is not null)
        {
            if (!EnumNames<WebhookDeliveryState>.TryParse(state, out var parsed))
            {
                return Problems.Field(StatusCodes.Status400BadRequest, "Unknown delivery state", "state", "must be pending, delivered or failed.");
            }
            wanted = parsed;
        }
        if (Problems.InvalidLimit(limit, WebhookDeliveryStates.MaxPage) is { } invalidLimit)
        {
            return invalidLimit;
        }
        if (await subscriptions.GetAsync(userId, webhookId, cancellationToken) is null)
        {
            return NoSuchWebhook(webhookId);
        }
        var page = await outbox.ListAsync(userId, webhookId, wanted, limit, cancellationToken);
        return TypedResults.Ok(new DeliveryPage([.. page.Select(View)]));
    }

    private static async Task<Results<Ok<DeliveryView>, ProblemHttpResult>> Redeliver(
        [FromRoute(Name = "user_id")] string userId, [FromRoute(Name = "delivery_id")] string deliveryId, WebhookDeliveryLog log,
        CancellationToken cancellationToken) =>
        await log.RedeliverAsync(userId, deliveryId, cancellationToken) is { } delivery
            ? TypedResults.Ok(View(delivery))
            : TypedResults.Problem(title: "Delivery not found", detail: $"This bot has no webhook delivery '{deliveryId}'.",
                statusCode: StatusCodes.Status404NotFound);

    private static WebhookInput Input(WebhookRequest body) => new(body.Url, body.Events, body.Enabled);

    private static Results<Ok<WebhookView>, ProblemHttpResult> Saved(string webhookId, WebhookSaveResult result, WebhookSubscriptions subscriptions) =>
        result switch
        {
            { Outcome: WebhookSaveOutcome.Saved, Subscription: { } saved } => TypedResults.Ok(View(saved, subscriptions)),
            { Outcome: WebhookSaveOutcome.NotFound } => NoSuchWebhook(webhookId),
            _ => Invalid(result),
        };

    private static ProblemHttpResult Invalid(WebhookSaveResult result) => TypedResults.Problem(
        new HttpValidationProblemDetails(result.Errors.ToDictionary()) { Title = "Invalid webhook", Status = StatusCodes.Status400BadRequest });

    private static ProblemHttpResult NoSuchWebhook(string webhookId) => TypedResults.Problem(
        title: "Webhook not found", detail: $"This bot has no webhook '{webhookId}'.", statusCode: StatusCodes.Status404NotFound);
}
