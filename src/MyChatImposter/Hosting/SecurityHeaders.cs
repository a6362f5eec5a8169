using Scalar.AspNetCore;
using Microsoft.Net.Http.Headers;

namespace MyChatImposter.Hosting;

// Headers for every response. The site uses no inline script or style and nothing from other origins,
// so the policy can be strict; frame-ancestors 'none' stops click-jacking of the admin pages. The site uses
// no device or sensor, so Permissions-Policy turns them all off for it and anything it could ever embed.
// What an endpoint (API or page) answers is someone's configuration, account or messages: no-store keeps
// it out of browser and proxy caches; static files (answered before routing, no endpoint) stay cacheable.
public static class SecurityHeaders
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    // The API reference (/docs, Scalar): its start-up script is inline, allowed by the nonce Scalar puts on it for
    // this one response, and its components inject their styles at run time, which only 'unsafe-inline' lets
    // apply. The page holds no one's data and runs no form.
    private static string ApiReferencePolicy(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private const string PermissionsPolicy =
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), fullscreen=(), geolocation=(), gyroscope=(), " +
        "magnetometer=(), microphone=(), midi=(), payment=(), usb=()";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Items[ScalarOptions.NonceHttpContextItemKey] is string nonce
                ? ApiReferencePolicy(nonce)
                : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = PermissionsPolicy;
            if (context.GetEndpoint() is not null && !headers.ContainsKey(HeaderNames.CacheControl))
            {
                headers.CacheControl = "no-store";
            }
            return Task.CompletedTask;
        });
        return next(context);
    });
}
