using Microsoft.AspNetCore.Http.HttpResults;
using MyChatImposter.Api;

namespace MyChatImposter.Live;

// The pages' event streams. A bot's pages follow GET /bots/{user_id}/events?page=details|delivery|chat|link,
// allowed to its owner or an administrator by the {user_id} route value (the policy the API and the bot's
// pages use); the dashboard follows GET /events, every bot the user may see. Refusals answer as the API
// does (401/403 ProblemDetails): a stream is not a page to be redirected to the login form.
public static class LiveEndpoints
{
    public static IEndpointRouteBuilder MapLive(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("").WithTags("Live events").WithMetadata(ApiEndpoint.Instance).RequireAuthorization(ApiPolicies.AnyUser)
            .MapGet("/events", Dashboard)
            .WithSummary("Server-sent events for the dashboard: changes to every bot the caller may see.")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream");
        endpoints.MapGroup("/bots/{user_id}").WithTags("Live events").WithMetadata(ApiEndpoint.Instance).RequireAuthorization(ApiPolicies.OwnerOrAdmin)
            .MapGet("/events", Bot)
            .WithSummary("Server-sent events for one of a bot's pages (page=details, delivery, chat or link).")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<EmptyHttpResult> Dashboard(HttpContext context, LiveStream stream)
    {
        await stream.RunAsync(context, context.User.IsAdmin() ? null : context.User.UserId()!, LivePage.Dashboard);
        return TypedResults.Empty;
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Bot(
        [FromRoute(Name = "user_id")] string userId, string? page, HttpContext context, IBotConfigurationStore configurations,
        LiveStream stream)
    {
        if (!LivePages.TryParse(page, out var livePage))
        {
            return Problems.Field(StatusCodes.Status400BadRequest, "Unknown page", "page", "must be details, delivery, chat or link.");
        }
        if (await Problems.UnknownBotAsync(userId, configurations, context.RequestAborted) is ProblemHttpResult unknown)
        {
            return unknown;
        }
        await stream.RunAsync(context, userId, livePage);
        return TypedResults.Empty;
    }
}
