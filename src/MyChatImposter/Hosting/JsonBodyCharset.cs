using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace MyChatImposter.Hosting;

// JSON travels as UTF-8 (RFC 8259 §8.1), and that is how every endpoint reads it: the framework's binder
// and JsonRequestBody alike. A JSON body declaring another charset is refused here with 415, once for every
// endpoint, before anything reads it: the framework's reader throws on a charset it does not know ("bogus",
// utf-7, even a quoted "utf-8"), which was a 500, and JsonRequestBody would misread UTF-16 as UTF-8.
public static class JsonBodyCharset
{
    public static IApplicationBuilder UseJsonBodyCharset(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.HasJsonContentType() && MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            && mediaType.Charset.HasValue)
        {
            if (!IsUtf8(HeaderUtilities.RemoveQuotes(mediaType.Charset)))
            {
                await RejectAsync(context, mediaType.Charset.Value!);
                return;
            }
            // UTF-8 is also what a JSON body without a charset is read as; dropping the parameter spares the
            // framework's reader a spelling it does not accept (charset="utf-8").
            mediaType.Charset = default;
            request.ContentType = mediaType.ToString();
        }
        await next(context);
    });

    private static bool IsUtf8(StringSegment charset) =>
        charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase);

    private static Task RejectAsync(HttpContext context, string charset) =>
        ProblemResponse.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported charset",
            $"JSON bodies are read as UTF-8; charset={charset} is not supported.");
}
