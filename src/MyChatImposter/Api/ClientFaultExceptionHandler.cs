using Microsoft.AspNetCore.Diagnostics;

namespace MyChatImposter.Api;

// Requests the server could not read through the client's fault: a malformed chunk size, a body that
// arrives too slowly (408), JSON that does not parse or holds an unknown value, a form key the binder
// cannot read. Kestrel and the endpoints throw BadHttpRequestException for all of them; this answers with
// its 4xx as ProblemDetails and logs one line at Information, without the stack trace.
//
// Handling them here rather than filtering the log: ExceptionHandlerMiddleware (category
// Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware, event 1 "UnhandledException") writes its
// Error entry only for exceptions no IExceptionHandler claimed (.NET 10's default
// SuppressDiagnosticsCallback), so a real fault of ours with the same exception type elsewhere is never
// hidden by a blanket log filter, and the error metric is not counted for callers' mistakes.
public sealed partial class ClientFaultExceptionHandler(IProblemDetailsService problemDetails, ILogger<ClientFaultExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var json = badRequest.InnerException as JsonException;
        // The message names what could not be read (a parameter, a chunk, a key), never the body itself.
        LogClientFault(logger, context.Request.Method, context.Request.Path, badRequest.StatusCode, badRequest.Message,
            json?.Path);
        if (context.Response.HasStarted)
        {
            return true;
        }

        context.Response.StatusCode = badRequest.StatusCode;
        var problem = json is null
            ? new ProblemDetails { Title = Title(badRequest.StatusCode), Detail = badRequest.Message }
            : new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [Field(json.Path)] = ["has a value that cannot be read here: malformed JSON, a wrong type or not one of the allowed values."],
            })
            {
                Title = "Malformed JSON",
                Detail = json.Message,
            };
        problem.Status = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static string Title(int status) => status switch
    {
        StatusCodes.Status408RequestTimeout => "Request body too slow",
        StatusCodes.Status413PayloadTooLarge => "Request body too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
        _ => "Bad request",
    };

    // "$.role" → "role", "$[0].id" → "[0].id": the keys the API's own validation errors use; "$" for the whole body.
    private static string Field(string? path) =>
        path is null or "$" ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path[1..];

    [LoggerMessage(EventId = 1110, Level = LogLevel.Information,
        Message = "Refused {Method} {Path} with {Status}: {Reason} (JSON path {JsonPath})")]
    private static partial void LogClientFault(ILogger logger, string method, string path, int status, string reason, string? jsonPath);
}
