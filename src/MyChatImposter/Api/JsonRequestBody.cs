namespace MyChatImposter.Api;

// Reads a JSON request body up to a size limit, counting the bytes actually received, so a chunked
// body without Content-Length cannot slip past the limit (spec/14: the original only checked the header).
public static class JsonRequestBody
{
    public sealed record Outcome(byte[]? Body, IResult? Rejection);

    public static async Task<Outcome> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return new(null, TypedResults.Problem(
                title: "Unsupported media type",
                detail: "The request body must be JSON (Content-Type: application/json).",
                statusCode: StatusCodes.Status415UnsupportedMediaType));
        }

        if (request.ContentLength > maxBytes)
        {
            return new(null, TooLarge(maxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return new(null, TooLarge(maxBytes));
            }
            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return new(null, TypedResults.Problem(
                title: "Missing body",
                detail: "The request needs a JSON body.",
                statusCode: StatusCodes.Status400BadRequest));
        }

        return new(buffer.ToArray(), null);
    }

    private static IResult TooLarge(int maxBytes) => TypedResults.Problem(
        title: "Request body too large",
        detail: $"The request body may hold at most {maxBytes} bytes.",
        statusCode: StatusCodes.Status413PayloadTooLarge);
}
