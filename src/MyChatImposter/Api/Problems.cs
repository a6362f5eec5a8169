using Microsoft.AspNetCore.Http.HttpResults;
using MyChatImposter.Configuration;

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
}
