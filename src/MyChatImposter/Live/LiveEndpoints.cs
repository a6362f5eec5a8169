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
        endpoints.MapGet("/events", Dashboard).RequireAuthorization(ApiPolicies.AnyUser).WithMetadata(ApiEndpoint.Instance);
        endpoints.MapGet("/bots/{user_id}/events", Bot).RequireAuthorization(ApiPolicies.OwnerOrAdmin).WithMetadata(ApiEndpoint.Instance);
        return endpoints;
    }

    private static async Task<EmptyHttpResult> Dashboard(HttpContext context, LiveStream stream)
    {
        await stream.RunAsync(context, context.User.IsAdmin() ? null : context.User.UserId()!, LivePage.Dashboard);
        return TypedResults.Empty;
    }

    private static async Task<IResult> Bot(
        [FromRoute(Name = "user_id")] string userId, string? page, HttpContext context, IBotConfigurationStore configurations,
        LiveStream stream)
    {
        if (!LivePages.TryParse(page, out var livePage))
        {
            return Problems.Field(StatusCodes.Status400BadRequest, "Unknown page", "page", "must be details, delivery, chat or link.");
        }
        if (await Problems.UnknownBotAsync(userId, configurations, context.RequestAborted) is { } unknown)
        {
            return unknown;
        }
        await stream.RunAsync(context, userId, livePage);
        return TypedResults.Empty;
    }
}
