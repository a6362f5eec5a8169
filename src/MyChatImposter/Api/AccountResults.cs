namespace MyChatImposter.Api;

// AccountChangeResult → HTTP: the same outcome always gets the same status.
public static class AccountResults
{
    public static IResult From(AccountChangeResult result, IResult success) => result.Outcome switch
    {
        AccountChange.Done => success,
        AccountChange.NotFound => Problem(StatusCodes.Status404NotFound, "Account not found", result),
        AccountChange.AlreadyExists => Problem(StatusCodes.Status409Conflict, "Account already exists", result),
        AccountChange.LastAdmin => Problem(StatusCodes.Status409Conflict, "Last administrator", result),
        AccountChange.InvalidUserId => Field(StatusCodes.Status400BadRequest, "Invalid user id", "user_id", result),
        AccountChange.WeakPassword => Field(StatusCodes.Status422UnprocessableEntity, "Password too weak", "password", result),
        AccountChange.WrongCurrentPassword => Field(StatusCodes.Status403Forbidden, "Wrong current password", "current_password", result),
        AccountChange.Busy => new RetryAfter(Problem(StatusCodes.Status503ServiceUnavailable, "Too many password checks at once", result)),
        _ => throw new ArgumentOutOfRangeException(nameof(result)),
    };

    // 503 with Retry-After, as the sign-in's; the wait is PasswordCheckGate's (Auth:PasswordCheckMaxWait).
    private sealed class RetryAfter(IResult problem) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var seconds = httpContext.RequestServices.GetRequiredService<PasswordCheckGate>().RetryAfterSeconds;
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return problem.ExecuteAsync(httpContext);
        }
    }

    private static IResult Problem(int status, string title, AccountChangeResult result) =>
        TypedResults.Problem(title: title, detail: string.Join(" ", result.Problems), statusCode: status);

    private static IResult Field(int status, string title, string field, AccountChangeResult result) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [.. result.Problems] })
        {
            Title = title,
            Detail = string.Join(" ", result.Problems),
            Status = status,
        });
}
