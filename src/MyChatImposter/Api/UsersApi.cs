using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MyChatImposter.Accounts;
using MyChatImposter.Configuration;
using MyChatImposter.Storage;

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

        users.MapGet("/{user_id}", GetConfiguration).RequireAuthorization(ApiPolicies.OwnerOrAdmin);
        users.MapPut("/{user_id}", SaveConfiguration).RequireAuthorization(ApiPolicies.OwnerOrAdmin);
        users.MapDelete("/{user_id}", DeleteConfiguration).RequireAuthorization(ApiPolicies.OwnerOrAdmin);

        return users;
    }

    public sealed record UserIdList(IReadOnlyList<string> UserIds);

    public sealed record ConfigurationSaved(string Status, string UserId);

    private static async Task<Ok<UserIdList>> ListUsers(IBotConfigurationStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new UserIdList(await store.ListUserIdsAsync(cancellationToken)));

    private static async Task<IResult> GetConfiguration(
        [FromRoute(Name = "user_id")] string userId, IBotConfigurationStore store, CancellationToken cancellationToken)
    {
        if (!UserIdRule.IsValid(userId))
        {
            return InvalidUserId();
        }

        var configuration = await store.GetAsync(userId, cancellationToken);
        return configuration is null
            ? NoConfiguration(userId)
            : TypedResults.Json(configuration, ConfigurationJson.Options);
    }

    private static async Task<IResult> SaveConfiguration(
        [FromRoute(Name = "user_id")] string userId, HttpRequest request, IBotConfigurationStore store, AuditTrail audit,
        CancellationToken cancellationToken)
    {
        if (!UserIdRule.IsValid(userId))
        {
            return InvalidUserId();
        }

        var body = await JsonRequestBody.ReadAsync(request, cancellationToken);
        if (body.Rejection is not null)
        {
            return body.Rejection;
        }

        var read = ConfigurationReader.Read(body.Body);
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

        var created = await store.SaveAsync(read.Configuration, cancellationToken);
        await audit.RecordAsync(AuditEvents.ConfigurationSaved, request.HttpContext.User.UserId(), userId,
            new Dictionary<string, string> { ["created"] = created ? "true" : "false" }, cancellationToken);
        return TypedResults.Ok(new ConfigurationSaved("success", userId));
    }

    private static async Task<IResult> DeleteConfiguration(
        [FromRoute(Name = "user_id")] string userId, IBotConfigurationStore store, AuditTrail audit, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (!UserIdRule.IsValid(userId))
        {
            return InvalidUserId();
        }

        if (!await store.DeleteAsync(userId, cancellationToken))
        {
            return NoConfiguration(userId);
        }
        await audit.RecordAsync(AuditEvents.ConfigurationDeleted, context.User.UserId(), userId, cancellationToken: cancellationToken);
        return TypedResults.Ok(new ConfigurationSaved("success", userId));
    }

    private static ProblemHttpResult InvalidUserId() => TypedResults.Problem(
        new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["user_id"] = [UserIdRule.Description] })
        {
            Title = "Invalid user id",
            Status = StatusCodes.Status400BadRequest,
        });

    private static ProblemHttpResult NoConfiguration(string userId) => TypedResults.Problem(
        title: "Configuration not found",
        detail: $"No configuration exists for user '{userId}'.",
        statusCode: StatusCodes.Status404NotFound);

    private static Dictionary<string, string[]> ToDictionary(IReadOnlyDictionary<string, string[]> errors) =>
        errors.ToDictionary(pair => pair.Key, pair => pair.Value);
}
