using Microsoft.AspNetCore.Http.HttpResults;

namespace MyChatImposter.Api;

// The session lifecycle at the original's paths (spec/08 §2, spec/09), with the intended status codes. What
// each does is BotLifecycle's; this maps its outcomes to answers (BotResults).
public static class SessionsApi
{
    public static void MapSessionsApi(this IEndpointRouteBuilder api)
    {
        api.MapGroup("/users").WithTags("Sessions").RequireAuthorization(ApiPolicies.AnyUser)
            .MapGet("/status", AllStatuses).WithSummary("The status of every bot the caller may see: all for an administrator, their own for a user.");

        var bot = api.MapBotRoutes("/users/{user_id}", "Sessions");
        bot.MapGet("/status", Status).WithSummary("A bot's live session status, with the QR code's text while linking; each call keeps a link attempt alive.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        bot.MapGet("/groups", Groups).WithSummary("The groups the bot's linked account takes part in.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        bot.MapPost("/actions/link", Link).WithSummary("Starts the bot's session (linking shows a QR code until the account is linked).")
            .ProducesValidationProblem()
            .ProducesSessionProblems();
        bot.MapPost("/actions/unlink", Unlink).WithSummary("Stops the bot's session with logout: the account must be linked again.")
            .ProducesSessionProblems();
        bot.MapPost("/actions/reload", Reload).WithSummary("Restarts the bot's session with its saved configuration, keeping the linked account.")
            .ProducesSessionProblems();
    }

    public sealed record StatusView(string Status, string? Qr);

    // llm: the latest outcome of the bot's LLM calls since the host started; null before its first call.
    public sealed record StatusEntry(string UserId, string Status, bool Authenticated, LlmStatus? Llm);

    public sealed record LlmStatus(string State, DateTimeOffset? LastSuccessAt, DateTimeOffset? LastFailureAt, string? LastFailure)
    {
        public static LlmStatus? From(LlmHealthReport? report) => report is null
            ? null
            : new(report.IsFailing ? "failing" : "ok", report.LastSuccessAt, report.LastFailureAt, report.LastFailure);
    }

    public sealed record StatusList(IReadOnlyList<StatusEntry> Configurations);

    public sealed record GroupView(string Id, string Subject);

    public sealed record GroupList(string UserId, IReadOnlyList<GroupView> Groups);

    public sealed record ActionDone(string Status, string Message, Guid? InstanceId = null);

    private static async Task<Ok<StatusList>> AllStatuses(HttpContext context, BotLifecycle lifecycle)
    {
        var bots = await lifecycle.ListStatusesAsync(context.User, context.RequestAborted);
        return TypedResults.Ok(new StatusList(
            [.. bots.Select(bot => new StatusEntry(bot.UserId, bot.Status, bot.Authenticated, LlmStatus.From(bot.Llm)))]));
    }

    private static Results<Ok<StatusView>, ProblemHttpResult> Status([FromRoute(Name = "user_id")] string userId, BotLifecycle lifecycle) =>
        lifecycle.WatchStatus(userId) is { } status
            ? TypedResults.Ok(new StatusView(status.Status, status.Qr))
            : NoSession(userId);

    private static async Task<Results<Ok<GroupList>, ProblemHttpResult>> Groups(
        [FromRoute(Name = "user_id")] string userId, BotLifecycle lifecycle, CancellationToken cancellationToken) =>
        await lifecycle.ListGroupsAsync(userId, cancellationToken) is { } groups
            ? TypedResults.Ok(new GroupList(userId, [.. groups.Select(group => new GroupView(group.Id, group.Subject))]))
            : NoSession(userId);

    private static async Task<Results<Ok<ActionDone>, ProblemHttpResult>> Link(
        [FromRoute(Name = "user_id")] string userId, HttpContext context, BotLifecycle lifecycle)
    {
        if (!UserIdRule.IsValid(userId))
        {
            return Problems.InvalidUserId();
        }
        var result = await lifecycle.LinkAsync(userId, context.User.UserId()!, context.RequestAborted);
        return result.Outcome == SessionChange.Done
            ? TypedResults.Ok(new ActionDone("success", $"Session for '{userId}' started.", result.Session!.InstanceId))
            : BotResults.Problem(result);
    }

    private static async Task<Results<Ok<ActionDone>, ProblemHttpResult>> Unlink(
        [FromRoute(Name = "user_id")] string userId, HttpContext context, BotLifecycle lifecycle)
    {
        var result = await lifecycle.UnlinkAsync(userId, context.User.UserId()!, context.RequestAborted);
        return result.Outcome == SessionChange.Done
            ? TypedResults.Ok(new ActionDone("success", $"Session for '{userId}' stopped and logged out."))
            : BotResults.Problem(result);
    }

    private static async Task<Results<Ok<ActionDone>, ProblemHttpResult>> Reload(
        [FromRoute(Name = "user_id")] string userId, BotLifecycle lifecycle, CancellationToken cancellationToken)
    {
        var result = await lifecycle.ReloadAsync(userId, cancellationToken);
        return result.Outcome == SessionChange.Done
            ? TypedResults.Ok(new ActionDone("success", $"Session for '{userId}' reloaded.", result.Session!.InstanceId))
            : BotResults.Problem(result);
    }

    private static ProblemHttpResult NoSession(string userId) => TypedResults.Problem(
        title: "No live session", detail: $"'{userId}' has no live session; link it first.", statusCode: StatusCodes.Status404NotFound);
}
