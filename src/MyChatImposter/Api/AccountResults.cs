using Microsoft.AspNetCore.Http.HttpResults;

namespace MyChatImposter.Api;

// AccountChangeResult → HTTP: the same outcome always gets the same status.
public static class AccountResults
{
    public static Results<TSuccess, ProblemHttpResult> From<TSuccess>(AccountChangeResult result, TSuccess success, HttpContext context)
        where TSuccess : IResult =>
        result.Succeeded ? success : Problem(result, context);

    public static ProblemHttpResult Problem(AccountChangeResult result, HttpContext context) => result.Outcome switch
    {
        AccountChange.NotFound => Problem(StatusCodes.Status404NotFound, "Account not found", result),
        AccountChange.AlreadyExists => Problem(StatusCodes.Status409Conflict, "Account already exists", result),
        AccountChange.LastAdmin => Problem(StatusCodes.Status409Conflict, "Last administrator", result),
        AccountChange.InvalidUserId => Field(StatusCodes.Status400BadRequest, "Invalid user id", "user_id", result),
        AccountChange.WeakPassword => Field(StatusCodes.Status422UnprocessableEntity, "Password too weak", "password", result),
        AccountChange.WrongCurrentPassword => Field(StatusCodes.Status403Forbidden, "Wrong current password", "current_password", result),
        AccountChange.Busy => RetryAfter(context, Problem(StatusCodes.Status503ServiceUnavailable, "Too many password checks at once", result)),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result.Outcome, "Only a refused change has a problem."),
    };

    // 503 with Retry-After, as the sign-in's; the wait is PasswordCheckGate's (Auth:PasswordCheckMaxWait).
    private static ProblemHttpResult RetryAfter(HttpContext context, ProblemHttpResult problem)
    {
        var seconds = context.RequestServices.GetRequiredService<PasswordCheckGate>().RetryAfterSeconds;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return problem;
    }

    private static ProblemHttpResult Problem(int status, string title, AccountChangeResult result) =>
        TypedResults.Problem(title: title, detail: string.Join(" ", result.Problems), statusCode: status);

    private static ProblemHttpResult Field(int status, string title, string field, AccountChangeResult result) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [.. result.Problems] })
        {
            Title = title,
            Detail = string.Join(" ", result.Problems),
            Status = status,
        });
}
