using Microsoft.AspNetCore.Http.HttpResults;

namespace MyChatImposter.Api;

// Bot configurations at the original's external paths (spec/08 §2), with the intended status codes.
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");

        users.MapGet("/", ListUsers).RequireAuthorization(ApiPolicies.Admin);
        users.MapGet("/schema", () => TypedResults.Json(ConfigurationSchema.Create()))
            .RequireAuthorization(ApiPolicies.AnyUser);
        users.MapGet("/defaults", () => TypedResults.Json(DefaultConfiguration.Template, ConfigurationJson.Options))
            .RequireAuthorization(ApiPolicies.AnyUser);

        var bot = api.MapBotRoutes("/users/{user_id}", "Users");
        bot.MapGet("/", GetConfiguration);
        bot.MapPut("/", SaveConfiguration);
        bot.MapDelete("/", DeleteConfiguration);

        return users;
    }

    public sealed record UserIdList(IReadOnlyList<string> UserIds);

    public sealed record ConfigurationSaved(string Status, string UserId);

    public sealed record UserDeleted(string Status, string UserId, IReadOnlyDictionary<string, string> Erased);

    private static async Task<Ok<UserIdList>> ListUsers(IBotConfigurationStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new UserIdList(await store.ListUserIdsAsync(cancellationToken)));

    // The explicit API key is answered masked; a PUT of this document keeps it.
    private static async Task<IResult> GetConfiguration(
        [FromRoute(Name = "user_id")] string userId, IBotConfigurationStore store, ApiKeyProtector keys, CancellationToken cancellationToken)
    {
        if (!UserIdRule.IsValid(userId))
        {
            return Problems.InvalidUserId();
        }

        var configuration = await store.GetAsync(userId, cancellationToken);
        return configuration is null
            ? NoConfiguration(userId)
            : TypedResults.Json(keys.Masked(configuration), ConfigurationJson.Options);
    }

    private static async Task<IResult> SaveConfiguration(
        [FromRoute(Name = "user_id")] string userId, HttpRequest request, IBotConfigurationStore store, ApiKeyProtector keys,
        AuditTrail audit, ConfigurationChanges changes, IOptions<LlmOptions> llmOptions, CancellationToken cancellationToken)
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

        var read = ConfigurationReader.Read(body.Body, llmOptions.Value);
        if (read.IsMalformedJson)
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(ToDictionary(read.Errors))
            {
                Title = "Malformed JSON",
                Detail = "The request body is not valid JSON.",
                Status = StatusCodes.Status400BadRequest,
            });
        }

        if (read.Configuration is null)
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(ToDictionary(read.Errors))
            {
                Title = "Invalid configuration",
                Detail = "One or more fields are invalid; see errors.",
                Status = StatusCodes.Status422UnprocessableEntity,
            });
        }

        if (!string.Equals(read.Configuration.UserId, userId, StringComparison.Ordinal))
        {
            return TypedResults.Problem(
                title: "User id mismatch",
                detail: $"The body's user_id '{read.Configuration.UserId}' differs from the path's '{userId}'.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        // A typed key is stored encrypted; the mask from a GET keeps the stored key.
        var storable = keys.ForStorage(read.Configuration, await store.GetAsync(userId, cancellationToken));
        if (storable.Configuration is null)
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(ToDictionary(storable.Errors))
            {
                Title = "Invalid configuration",
                Detail = "One or more fields are invalid; see errors.",
                Status = StatusCodes.Status422UnprocessableEntity,
            });
        }

        var created = await store.SaveAsync(storable.Configuration, cancellationToken);
        changes.Notify(userId);
        await audit.RecordAsync(AuditEvents.ConfigurationSaved, request.HttpContext.User.UserId(), userId,
            new Dictionary<string, string> { ["created"] = created ? "true" : "false" }, cancellationToken);
        return TypedResults.Ok(new ConfigurationSaved("success", userId));
    }

    // Deletes the configuration and, explicitly, everything kept for the user (archive, dead letters,
    // linked session; the live session is stopped with logout). The login account only when asked.
    private static async Task<IResult> DeleteConfiguration(
        [FromRoute(Name = "user_id")] string userId, HttpContext context, ChatSessions sessions, AccountService accounts,
        AuditTrail audit, [FromQuery(Name = "delete_account")] bool deleteAccount = false)
    {
        if (!UserIdRule.IsValid(userId))
        {
            return Problems.InvalidUserId();
        }

        var (result, erased) = await sessions.DeleteUserAsync(userId, context.RequestAborted);
        if (result.Outcome == SessionChange.NoConfiguration)
        {
            return NoConfiguration(userId);
        }
        var details = erased.ToDictionary(pair => pair.Key, pair => pair.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (deleteAccount)
        {
            var account = await accounts.DeleteAsync(userId, context.User.UserId()!, context.RequestAborted);
            details["login_account"] = account.Succeeded ? "1" : account.Outcome.ToString();
        }
        await audit.RecordAsync(AuditEvents.ConfigurationDeleted, context.User.UserId(), userId, details, context.RequestAborted);
        return TypedResults.Ok(new UserDeleted("success", userId, details));
    }

    private static ProblemHttpResult NoConfiguration(string userId) => TypedResults.Problem(
        title: "Configuration not found",
        detail: $"No configuration exists for user '{userId}'.",
        statusCode: StatusCodes.Status404NotFound);

    private static Dictionary<string, string[]> ToDictionary(IReadOnlyDictionary<string, string[]> errors) =>
        errors.ToDictionary(pair => pair.Key, pair => pair.Value);
}
