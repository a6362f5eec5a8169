using Microsoft.AspNetCore.Http.HttpResults;

namespace MyChatImposter.Api;

// The one translation of BotLifecycle's outcomes into ProblemDetails, so every endpoint that links, saves or
// deletes a bot answers the same failure with the same status and title.
public static class BotResults
{
    public static ProblemHttpResult Problem(SessionChangeResult result) => result.Outcome switch
    {
        SessionChange.NoConfiguration => TypedResults.Problem(title: "Configuration not found", detail: result.Detail, statusCode: StatusCodes.Status404NotFound),
        SessionChange.NoSession => TypedResults.Problem(title: "No live session", detail: result.Detail, statusCode: StatusCodes.Status404NotFound),
        SessionChange.AlreadyActive => TypedResults.Problem(title: "Session already active", detail: result.Detail, statusCode: StatusCodes.Status409Conflict),
        SessionChange.InvalidConfiguration => Invalid(result.Errors!, result.Detail ?? InvalidDetail),
        SessionChange.ProviderUnavailable => TypedResults.Problem(title: "Chat provider unavailable", detail: result.Detail, statusCode: StatusCodes.Status501NotImplemented),
        SessionChange.ProviderNotReady => TypedResults.Problem(title: "Chat provider not ready", detail: result.Detail, statusCode: StatusCodes.Status503ServiceUnavailable),
        SessionChange.FeatureUnavailable => TypedResults.Problem(title: "Feature unavailable", detail: result.Detail, statusCode: StatusCodes.Status501NotImplemented),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result.Outcome, "Not a failure."),
    };

    // The statuses Problem(SessionChangeResult) can answer, for the OpenAPI document of the endpoints using it.
    public static RouteHandlerBuilder ProducesSessionProblems(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesProblem(StatusCodes.Status501NotImplemented)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    public static ProblemHttpResult Problem(ConfigurationSave save) => save.Outcome switch
    {
        ConfigurationSaveOutcome.MalformedJson => TypedResults.Problem(new HttpValidationProblemDetails(Copy(save.Errors))
        {
            Title = "Malformed JSON",
            Detail = "The request body is not valid JSON.",
            Status = StatusCodes.Status400BadRequest,
        }),
        ConfigurationSaveOutcome.Invalid => Invalid(save.Errors, InvalidDetail),
        ConfigurationSaveOutcome.UserIdMismatch => TypedResults.Problem(
            title: "User id mismatch", detail: save.Problem, statusCode: StatusCodes.Status400BadRequest),
        ConfigurationSaveOutcome.AlreadyExists => TypedResults.Problem(
            title: "Bot already exists", detail: save.Problem, statusCode: StatusCodes.Status409Conflict),
        _ => throw new ArgumentOutOfRangeException(nameof(save), save.Outcome, "Not a failure."),
    };

    private const string InvalidDetail = "One or more fields are invalid; see errors.";

    // 422, as the original answered a body that is JSON but not a valid configuration.
    private static ProblemHttpResult Invalid(IReadOnlyDictionary<string, string[]> errors, string detail) =>
        TypedResults.Problem(new HttpValidationProblemDetails(Copy(errors))
        {
            Title = "Invalid configuration",
            Detail = detail,
            Status = StatusCodes.Status422UnprocessableEntity,
        });

    private static Dictionary<string, string[]> Copy(IReadOnlyDictionary<string, string[]> errors) =>
        errors.ToDictionary(pair => pair.Key, pair => pair.Value);
}
