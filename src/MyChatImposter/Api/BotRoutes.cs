namespace MyChatImposter.Api;

// A bot's routes: each names its bot by {user_id}, so who may call them is decided once, on the group, by the
// owner-or-admin policy (that user or an administrator), never endpoint by endpoint.
public static class BotRoutes
{
    public static RouteGroupBuilder MapBotRoutes(this IEndpointRouteBuilder api, string prefix, string tag) =>
        api.MapGroup(prefix).WithTags(tag).RequireAuthorization(ApiPolicies.OwnerOrAdmin);

    // For routes that act on a bot's data: an id that names no bot answers 400 or 404 (Problems.UnknownBotAsync)
    // before the handler runs, so nothing is read or written for it. The filter documents both answers, so the
    // routes behind it need not.
    public static RouteGroupBuilder OnlyForKnownBots(this RouteGroupBuilder routes) =>
        routes.AddEndpointFilter(async (context, next) =>
            {
                var http = context.HttpContext;
                var userId = http.GetRouteValue("user_id") as string ?? "";
                var configurations = http.RequestServices.GetRequiredService<IBotConfigurationStore>();
                return await Problems.UnknownBotAsync(userId, configurations, http.RequestAborted) ?? await next(context);
            })
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
