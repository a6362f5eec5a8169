using Microsoft.AspNetCore.Http.HttpResults;

namespace MyChatImposter.Api;

// The delivery queue at the original's paths (spec/08 §5) with the intended codes, and what the original
// lacked: retry from failed, for one item or all of a user's, and sending a text through the queue.
// Who may act: for {user_id} routes the owner-or-admin policy; for routes naming an item, the item is
// loaded and its owner compared, and another user's item answers 404 as if it did not exist.
public static class DeliveryApi
{
    public const string Origin = "api";

    public static void MapDeliveryApi(this IEndpointRouteBuilder api)
    {
        var byUser = api.MapBotRoutes("/async-message-delivery-queue", "Delivery queue");

        byUser.MapGet("/{queue_type}/{user_id}", List)
            .WithSummary("A bot's delivery items in one queue (active, holding or unconnected, failed, withdrawn), oldest first.")
            .WithDescription("Paged by after, the sequence of the last item of the previous page.")
            .ProducesValidationProblem();
        // Four segments under the prefix: it cannot be mistaken for /failed/{message_id}/retry.
        byUser.MapPost("/failed/users/{user_id}/retry", RetryAll).WithSummary("Sends every failed delivery item of a bot again.")
            .ProducesValidationProblem();

        // The item names its owner: it is loaded and compared, and another user's item answers 404.
        var byItem = api.MapGroup("/async-message-delivery-queue").WithTags("Delivery queue").RequireAuthorization(ApiPolicies.AnyUser);

        byItem.MapDelete("/{queue_type}/{message_id}", Delete).WithSummary("Deletes one of the caller's delivery items from the queue it is in.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        byItem.MapPost("/failed/{message_id}/retry", Retry).WithSummary("Sends one of the caller's failed delivery items again.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapBotRoutes("/users/{user_id}", "Delivery queue")
            .MapPost("/delivery", Enqueue).WithSummary("Sends a text from a bot to a recipient through its delivery queue.")
            .WithDescription("Answers 202 with the item's id and state; Location names the queue it is in.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    // The original's item (content, message_type, message_metadata, created_at) and the queue's fields.
    public sealed record ItemView(
        JsonElement Content, string MessageType, MetadataView MessageMetadata, DateTimeOffset CreatedAt,
        string State, long Sequence, string Recipient, string Origin, string? LastError, DateTimeOffset? NextAttemptAt,
        DateTimeOffset? SendingSince, DateTimeOffset? FailedAt, DateTimeOffset? WithdrawnAt);

    public sealed record MetadataView(string MessageId, DestinationView MessageDestination, int SendAttempts);

    public sealed record DestinationView(string UserId, string? ProviderName);

    public sealed record RetriedAll(string UserId, long Retried, string State);

    public sealed record EnqueueRequest(string? Recipient, string? Text);

    public sealed record Enqueued(string MessageId, string State);

    public static ItemView View(DeliveryItem item)
    {
        using var content = JsonDocument.Parse(item.Content);
        return new ItemView(content.RootElement.Clone(), item.MessageType,
            new MetadataView(item.Id, new DestinationView(item.UserId, item.ProviderName), item.Attempts), item.CreatedAt,
            EnumNames<DeliveryState>.Name(item.State), item.Sequence, item.Recipient, item.Origin, item.LastError, item.NextAttemptAt,
            item.SendingSince, item.FailedAt, item.WithdrawnAt);
    }

    // The API's queue types: the three states, with the original's `unconnected` for holding, and the auto
    // replies withdrawn when the owner took a conversation over.
    public static DeliveryState? QueueType(string queueType) => queueType switch
    {
        "active" => DeliveryState.Active,
        "holding" or "unconnected" => DeliveryState.Holding,
        "failed" => DeliveryState.Failed,
        "withdrawn" => DeliveryState.Withdrawn,
        _ => null,
    };

    private static ProblemHttpResult UnknownQueueType() => Problems.Field(StatusCodes.Status400BadRequest, "Unknown queue type",
        "queue_type", "must be active, holding (or unconnected), failed or withdrawn.");

    private static ProblemHttpResult NoSuchItem(string messageId, string? detail = null) => TypedResults.Problem(title: "No such item",
        detail: detail ?? $"There is no delivery item '{messageId}'.", statusCode: StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<List<ItemView>>, ProblemHttpResult>> List(
        [FromRoute(Name = "queue_type")] string queueType, [FromRoute(Name = "user_id")] string userId, IDeliveryStore store,
        CancellationToken cancellationToken, long after = 0, int limit = DeliveryStates.MaxPage)
    {
        if (QueueType(queueType) is not { } state)
        {
            return UnknownQueueType();
        }
        if (!UserIdRule.IsValid(userId))
        {
            return Problems.InvalidUserId();
        }
        if (Problems.InvalidLimit(limit, DeliveryStates.MaxPage) is { } invalidLimit)
        {
            return invalidLimit;
        }
        if (after < 0)
        {
            return Problems.Field(StatusCodes.Status400BadRequest, "Invalid cursor", "after", "must not be negative.");
        }
        var items = await store.ListAsync(userId, state, after, limit, cancellationToken);
        return TypedResults.Ok(items.Select(View).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        [FromRoute(Name = "queue_type")] string queueType, [FromRoute(Name = "message_id")] string messageId, HttpContext context,
        IDeliveryStore store, DeliveryQueue queue)
    {
        if (QueueType(queueType) is not { } state)
        {
            return UnknownQueueType();
        }
        var item = await OwnItemAsync(messageId, context, store);
        if (item is null)
        {
            return NoSuchItem(messageId);
        }
        if (item.State != state || !await queue.DeleteAsync(item, state, context.RequestAborted))
        {
            return NoSuchItem(messageId, $"The delivery item '{messageId}' is not in the {queueType} queue.");
        }
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ItemView>, ProblemHttpResult>> Retry(
        [FromRoute(Name = "message_id")] string messageId, HttpContext context, IDeliveryStore store, DeliveryQueue queue)
    {
        var item = await OwnItemAsync(messageId, context, store);
        if (item is null)
        {
            return NoSuchItem(messageId);
        }
        if (item.State != DeliveryState.Failed || !await queue.RetryAsync(item, context.RequestAborted))
        {
            return TypedResults.Problem(title: "Not failed", statusCode: StatusCodes.Status409Conflict,
                detail: item.State == DeliveryState.Failed
                    ? $"The delivery item '{messageId}' is no longer failed."
                    : $"The delivery item '{messageId}' is {EnumNames<DeliveryState>.Name(item.State)}; only failed items are retried.");
        }
        return TypedResults.Ok(View((await store.GetAsync(item.Id, context.RequestAborted)) ?? item));
    }

    private static async Task<Results<Ok<RetriedAll>, ProblemHttpResult>> RetryAll([FromRoute(Name = "user_id")] string userId, DeliveryQueue queue, CancellationToken cancellationToken)
    {
        if (!UserIdRule.IsValid(userId))
        {
            return Problems.InvalidUserId();
        }
        var (count, state) = await queue.RetryAllAsync(userId, cancellationToken);
        return TypedResults.Ok(new RetriedAll(userId, count, EnumNames<DeliveryState>.Name(state)));
    }

    private static async Task<Results<Accepted<Enqueued>, ProblemHttpResult>> Enqueue(
        [FromRoute(Name = "user_id")] string userId, [FromBody] EnqueueRequest? body, IBotConfigurationStore configurations,
        DeliveryQueue queue, IDeliveryStore store, CancellationToken cancellationToken)
    {
        if (!UserIdRule.IsValid(userId))
        {
            return Problems.InvalidUserId();
        }
        if (body is null)
        {
            return Problems.Field(StatusCodes.Status400BadRequest, "Invalid message", "$", "A JSON body {recipient, text} is required.");
        }
        var message = new OutboundMessage(userId, body.Recipient ?? "", new TextContent(body.Text ?? ""), Origin);
        if (DeliveryQueue.Problem(message) is { } problem)
        {
            return Problems.Field(StatusCodes.Status400BadRequest, "Invalid message", problem.Field, problem.Message);
        }
        if (await configurations.GetAsync(userId, cancellationToken) is null)
        {
            return TypedResults.Problem(title: "Configuration not found", statusCode: StatusCodes.Status404NotFound,
                detail: $"No configuration exists for '{userId}'; messages are queued for configured bots only.");
        }
        var id = await queue.EnqueueAsync(message, cancellationToken);
        var stored = await store.GetAsync(id.Value, cancellationToken);
        var state = stored is null ? "sent" : EnumNames<DeliveryState>.Name(stored.State);
        return TypedResults.Accepted($"/api/external/async-message-delivery-queue/{state}/{userId}", new Enqueued(id.Value, state));
    }

    // The item, when it exists and the caller may see it; null otherwise (another user's item included).
    private static async Task<DeliveryItem?> OwnItemAsync(string messageId, HttpContext context, IDeliveryStore store)
    {
        if (string.IsNullOrEmpty(messageId) || messageId.Length > 100)
        {
            return null;
        }
        var item = await store.GetAsync(messageId, context.RequestAborted);
        return item is not null && OwnerOrAdminRequirement.Allows(context.User, item.UserId) ? item : null;
    }
}
