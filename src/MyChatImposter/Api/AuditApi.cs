using Microsoft.AspNetCore.Http.HttpResults;

namespace MyChatImposter.Api;

// The audit log, administrators only, newest first, filterable and paged by "before".
public static class AuditApi
{
    public const int MaxPageSize = AuditPaging.MaxLimit;

    public static void MapAuditApi(this IEndpointRouteBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit").RequireAuthorization(ApiPolicies.Admin);
        audit.MapGet("/", Query).WithSummary("The audit log: who did what to whose account or bot, newest first, filtered and paged.")
            .WithDescription("Filter by event_type, user_id and a from/to time range; page with next_before, the cursor of the next (older) page, null on the last one.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    public sealed record AuditPage(IReadOnlyList<AuditEvent> Events, string? NextBefore);

    private static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> Query(
        IAuditLogStore store, CancellationToken cancellationToken,
        [FromQuery(Name = "event_type")] string? eventType = null, [FromQuery(Name = "user_id")] string? userId = null,
        DateTimeOffset? from = null, DateTimeOffset? to = null, string? before = null, int limit = 100)
    {
        if (limit is < 1 or > MaxPageSize)
        {
            return TypedResults.Problem(title: "Invalid limit", detail: $"limit must be between 1 and {MaxPageSize}.",
                statusCode: StatusCodes.Status400BadRequest);
        }
        IReadOnlyList<AuditEvent> events;
        try
        {
            events = await store.QueryAsync(new AuditQuery(eventType, userId, from, to, before, limit), cancellationToken);
        }
        catch (ArgumentException invalid)
        {
            return TypedResults.Problem(title: "Invalid query", detail: invalid.Message, statusCode: StatusCodes.Status400BadRequest);
        }
        return TypedResults.Ok(new AuditPage(events, events.Count == limit ? events[^1].Id : null));
    }
}
