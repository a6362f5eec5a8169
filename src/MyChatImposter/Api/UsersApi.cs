using Microsoft.AspNetCore.Http.HttpResults;

namespace MyChatImposter.Api;

// Bot configurations at the original's external paths (spec/08 §2), with the intended status codes. What
// each does is BotLifecycle's; this maps its outcomes to answers (BotResults).
public static class UsersApi
{
    public static void MapUsersApi(this IEndpointRouteBuilder api)
    {
        api.MapGroup("/users").WithTags("Users").RequireAuthorization(ApiPolicies.Admin)
            .MapGet("/", ListUsers).WithSummary("Lists the ids of every configured bot.");

        var anyUser = api.MapGroup("/users").WithTags("Users").RequireAuthorization(ApiPolicies.AnyUser);
        anyUser.MapGet("/schema", () => TypedResults.Json(ConfigurationSchema.Create())).WithSummary("The JSON Schema a bot configuration is validated against.")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK);
        anyUser.MapGet("/defaults", () => TypedResults.Json(DefaultConfiguration.Template, ConfigurationJson.Options))
            .WithSummary("The configuration a new bot starts from.")
            .Produces<UserConfiguration>(StatusCodes.Status200OK);

        var bot = api.MapBotRoutes("/users/{user_id}", "Users");
        bot.MapGet("/", GetConfiguration).WithSummary("A bot's stored configuration, its API key masked.")
            .Produces<UserConfiguration>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        bot.MapPut("/", SaveConfiguration).WithSummary("Creates or replaces a bot's configuration (a masked API key keeps the stored one).")
            .Accepts<UserConfiguration>("application/json")
            .ProducesValidationProblem()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        bot.MapDelete("/", DeleteConfiguration)
            .WithSummary("Deletes a bot: stops its session with logout and erases everything kept for it; its login account too with delete_account=true.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    public sealed record UserIdList(IReadOnlyList<string> UserIds);

    public sealed record ConfigurationSaved(string Status, string UserId);

    public sealed record UserDeleted(string Status, string UserId, IReadOnlyDictionary<string, string> Erased);

    private static async Task<Ok<UserIdList>> ListUsers(IBotConfigurationStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new UserIdList(await store.ListUserIdsAsync(cancellationToken)));

    private static async Task<Results<JsonHttpResult<UserConfiguration>, ProblemHttpResult>> GetConfiguration(
        [FromRoute(Name = "user_id")] string userId, BotLifecycle lifecycle, CancellationToken cancellationToken)
    {
        if (!UserIdRule.IsValid(userId))
        {
            return Problems.InvalidUserId();
        }
        return await lifecycle.GetConfigurationAsync(userId, cancellationToken) is { } configuration
            ? TypedResults.Json(configuration, ConfigurationJson.Options)
            : Problems.BotNotFound(userId);
    }

    private static async Task<Results<Ok<ConfigurationSaved>, ProblemHttpResult>> SaveConfiguration(
        [FromRoute(Name = "user_id")] string userId, HttpRequest request, BotLifecycle lifecycle, CancellationToken cancellationToken)
    {
        if (!UserIdRule.IsValid(userId))
        {
            return Problems.InvalidUserId();
        }
        var body = await JsonRequestBody.ReadAsync(request, cancellationToken);
        if (body.Rejection is not null)
        {
            return body.Rejection;
        }
        var saved = await lifecycle.SaveConfigurationAsync(
            userId, body.Body!, createOnly: false, reloadLiveSession: false, request.HttpContext.User.UserId()!, cancellationToken);
        return saved.Succeeded ? TypedResults.Ok(new ConfigurationSaved("success", userId)) : BotResults.Problem(saved);
    }

    private static async Task<Results<Ok<UserDeleted>, ProblemHttpResult>> DeleteConfiguration(
        [FromRoute(Name = "user_id")] string userId, HttpContext context, BotLifecycle lifecycle,
        [FromQuery(Name = "delete_account")] bool deleteAccount = false)
    {
        if (!UserIdRule.IsValid(userId))
        {
            return Problems.InvalidUserId();
        }
        var deletion = await lifecycle.DeleteAsync(userId, deleteAccount, context.User.UserId()!, context.RequestAborted);
        return deletion.Outcome == SessionChange.NoConfiguration
            ? Problems.BotNotFound(userId)
            : TypedResults.Ok(new UserDeleted("success", userId, deletion.Erased));
    }
}
