namespace MyChatImposter.Api;

// The session lifecycle at the original's paths (spec/08 §2, spec/09), with the intended status codes.
public static class SessionsApi
{
    public static RouteGroupBuilder MapSessionsApi(this IEndpointRouteBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Sessions");

        users.MapGet("/status", AllStatuses).RequireAuthorization(ApiPolicies.AnyUser);

        var bot = api.MapBotRoutes("/users/{user_id}", "Sessions");
        bot.MapGet("/status", Status);
        bot.MapGet("/groups", Groups);
        bot.MapPost("/actions/link", Link);
        bot.MapPost("/actions/unlink", Unlink);
        bot.MapPost("/actions/reload", Reload);

        return users;
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

    public sealed record ActionDone(string Status, string Message, Guid? InstanceId = null);

    // Every configured bot the caller may see: all for an admin, their own for a user.
    private static async Task<IResult> AllStatuses(
        HttpContext context, IBotConfigurationStore configurations, IChatSessionStore records, ChatSessions sessions, LlmHealth llm)
    {
        var linked = (await records.ListAsync(context.RequestAborted)).Select(record => record.UserId).ToHashSet();
        var visible = context.User.IsAdmin()
            ? await configurations.ListUserIdsAsync(context.RequestAborted)
            : await configurations.GetAsync(context.User.UserId()!, context.RequestAborted) is null ? [] : [context.User.UserId()!];
        return TypedResults.Ok(new StatusList(visible.Select(userId => new StatusEntry(
            userId, sessions.Get(userId)?.Status.Status ?? ChatStatus.Disconnected, linked.Contains(userId),
            LlmStatus.From(llm.For(userId)))).ToList()));
    }

    // qr: the QR code's text while linking. Every call counts as someone watching the QR (spec/09 §7), so a
    // client polling this keeps its link alive and one that stops polling lets it end.
    private static IResult Status([FromRoute(Name = "user_id")] string userId, ChatSessions sessions)
    {
        if (sessions.Get(userId) is not { } session)
        {
            return NoSession(userId);
        }
        session.Provider.Heartbeat();
        return TypedResults.Ok(new StatusView(session.Status.Status, session.Status.Qr));
    }

    private static async Task<IResult> Groups([FromRoute(Name = "user_id")] string userId, ChatSessions sessions, CancellationToken cancellationToken)
    {
        if (sessions.Get(userId) is not { } session)
        {
            return NoSession(userId);
        }
        var groups = await session.Provider.ListGroupsAsync(cancellationToken);
        return TypedResults.Ok(new { user_id = userId, groups = groups.Select(group => new { id = group.Id, subject = group.Subject }) });
    }

    private static async Task<IResult> Link([FromRoute(Name = "user_id")] string userId, HttpContext context, ChatSessions sessions, AuditTrail audit)
    {
        if (!UserIdRule.IsValid(userId))
        {
            return Problems.InvalidUserId();
        }
        var result = await sessions.LinkAsync(userId, context.RequestAborted);
        if (result.Outcome == SessionChange.Done)
        {
            await audit.RecordAsync(AuditEvents.Link, context.User.UserId(), userId, cancellationToken: context.RequestAborted);
            return TypedResults.Ok(new ActionDone("success", $"Session for '{userId}' started.", result.Session!.InstanceId));
        }
        return FromResult(result);
    }

    private static async Task<IResult> Unlink([FromRoute(Name = "user_id")] string userId, HttpContext context, ChatSessions sessions, AuditTrail audit)
    {
        var result = await sessions.UnlinkAsync(userId, context.RequestAborted);
        if (result.Outcome == SessionChange.Done)
        {
            await audit.RecordAsync(AuditEvents.Unlink, context.User.UserId(), userId, cancellationToken: context.RequestAborted);
            return TypedResults.Ok(new ActionDone("success", $"Session for '{userId}' stopped and logged out."));
        }
        return FromResult(result);
    }

    private static async Task<IResult> Reload([FromRoute(Name = "user_id")] string userId, ChatSessions sessions, CancellationToken cancellationToken)
    {
        var result = await sessions.ReloadAsync(userId, cancellationToken);
        return result.Outcome == SessionChange.Done
            ? TypedResults.Ok(new ActionDone("success", $"Session for '{userId}' reloaded.", result.Session!.InstanceId))
            : FromResult(result);
    }

    public static IResult FromResult(SessionChangeResult result) => result.Outcome switch
    {
        SessionChange.NoConfiguration => TypedResults.Problem(title: "Configuration not found", detail: result.Detail, statusCode: StatusCodes.Status404NotFound),
        SessionChange.NoSession => TypedResults.Problem(title: "No live session", detail: result.Detail, statusCode: StatusCodes.Status404NotFound),
        SessionChange.AlreadyActive => TypedResults.Problem(title: "Session already active", detail: result.Detail, statusCode: StatusCodes.Status409Conflict),
        SessionChange.InvalidConfiguration => TypedResults.Problem(new HttpValidationProblemDetails(
            result.Errors!.ToDictionary(pair => pair.Key, pair => pair.Value))
        {
            Title = "Invalid configuration",
            Detail = result.Detail,
            Status = StatusCodes.Status422UnprocessableEntity,
        }),
        SessionChange.ProviderUnavailable => TypedResults.Problem(title: "Chat provider unavailable", detail: result.Detail, statusCode: StatusCodes.Status501NotImplemented),
        SessionChange.ProviderNotReady => TypedResults.Problem(title: "Chat provider not ready", detail: result.Detail, statusCode: StatusCodes.Status503ServiceUnavailable),
        SessionChange.FeatureUnavailable => TypedResults.Problem(title: "Feature unavailable", detail: result.Detail, statusCode: StatusCodes.Status501NotImplemented),
        _ => throw new ArgumentOutOfRangeException(nameof(result)),
    };

    private static IResult NoSession(string userId) => TypedResults.Problem(
        title: "No live session", detail: $"'{userId}' has no live session; link it first.", statusCode: StatusCodes.Status404NotFound);
}
