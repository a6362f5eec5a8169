using Microsoft.AspNetCore.Http.Features;

namespace MyChatImposter.Hosting;

// One body limit for every request (80 000 bytes by default, as the original gateway), counted on the bytes
// that actually arrive (spec/14 A5: the original only looked at the header, so chunked bodies were unlimited).
// - a declared Content-Length over the limit is refused before anything is read;
// - a body without Content-Length (chunked) is read up to the limit before the endpoint runs, so every
//   endpoint, API or page, sees either a complete small body or a 413, never a half-read one.
public static class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var maxBytes = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > maxBytes)
        {
            await RejectAsync(context, maxBytes);
            return;
        }

        if (context.Request.ContentLength is null)
        {
            var buffered = await ReadUpToAsync(context.Request.Body, maxBytes, context.RequestAborted);
            if (buffered is null)
            {
                await RejectAsync(context, maxBytes);
                return;
            }
            context.Request.Body = buffered;
        }
        else if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
        {
            // Kestrel also holds a declared length to the limit while reading.
            serverLimit.MaxRequestBodySize = maxBytes;
        }

        await next(context);
    });

    // The whole body when it fits within maxBytes; null when it is longer.
    private static async Task<MemoryStream?> ReadUpToAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await ReadChunkAsync(body, chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        return buffer;
    }

    // Kestrel reports some malformed chunked framing (a chunk size that overflows, "FFFFFFFFFFFFFFFF") as a plain
    // IOException rather than a BadHttpRequestException: both are the client's fault and answered 400.
    private static async ValueTask<int> ReadChunkAsync(Stream body, byte[] chunk, CancellationToken cancellationToken)
    {
        try
        {
            return await body.ReadAsync(chunk, cancellationToken);
        }
        catch (IOException unreadable) when (unreadable is not BadHttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw new BadHttpRequestException($"The request body cannot be read: {unreadable.Message}", unreadable);
        }
    }

    private static Task RejectAsync(HttpContext context, int maxBytes)
    {
        // The rest of the body is not read; the connection is closed rather than drained.
        context.Response.Headers.Connection = "close";
        return ProblemResponse.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large",
            $"The request body may hold at most {maxBytes} bytes.");
    }
}
