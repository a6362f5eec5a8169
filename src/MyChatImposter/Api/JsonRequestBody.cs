using Microsoft.AspNetCore.Http.HttpResults;

namespace MyChatImposter.Api;

// Reads a JSON request body (its size is already capped for every request by RequestBodyLimit).
public static class JsonRequestBody
{
    public sealed record Outcome(byte[]? Body, ProblemHttpResult? Rejection);

    public static async Task<Outcome> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return new(null, TypedResults.Problem(
                title: "Unsupported media type",
                detail: "The request body must be JSON (Content-Type: application/json).",
                statusCode: StatusCodes.Status415UnsupportedMediaType));
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0)
        {
            return new(null, TypedResults.Problem(
                title: "Missing body",
                detail: "The request needs a JSON body.",
                statusCode: StatusCodes.Status400BadRequest));
        }

        return new(buffer.ToArray(), null);
    }
}
