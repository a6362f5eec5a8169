using Microsoft.AspNetCore.Http.HttpResults;

namespace MyChatImposter.Api;

// ProblemDetails answers shared by several endpoint groups.
public static class Problems
{
    public static ProblemHttpResult InvalidUserId() => TypedResults.Problem(
        new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["user_id"] = [UserIdRule.Description] })
        {
            Title = "Invalid user id",
            Status = StatusCodes.Status400BadRequest,
        });

    public static ProblemHttpResult Field(int status, string title, string field, string message) => TypedResults.Problem(
        new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Title = title,
            Status = status,
        });

    // A page limit outside 1..max, refused at the field (the stores refuse it too, PageLimit); null when it fits.
    public static ProblemHttpResult? InvalidLimit(int limit, int max) => limit is < 1 || limit > max
        ? Field(StatusCodes.Status400BadRequest, "Invalid limit", "limit", $"must be between 1 and {max}.")
        : null;

    public static ProblemHttpResult BotNotFound(string userId) => TypedResults.Problem(
        title: "Bot not found", detail: $"No configuration exists for '{userId}'.", statusCode: StatusCodes.Status404NotFound);

    // The problem with a {user_id} that names no bot: an invalid id (400) or one without a configuration (404).
    public static async Task<IResult?> UnknownBotAsync(string userId, IBotConfigurationStore configurations, CancellationToken cancellationToken) =>
        !UserIdRule.IsValid(userId) ? InvalidUserId()
        : await configurations.GetAsync(userId, cancellationToken) is null ? BotNotFound(userId)
        : null;
}
