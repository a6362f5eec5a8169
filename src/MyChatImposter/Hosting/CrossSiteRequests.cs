namespace MyChatImposter.Hosting;

// Refuses state-changing API requests that a browser sends on behalf of another site.
//
// The JSON endpoints are safe already: a page elsewhere cannot send application/json without a CORS
// preflight, which this host never grants. Requests without a body (logout, link, unlink, reload, unlock,
// retry...) accept any content type, so only the cookie's SameSite=Lax stood between them and a cross-site
// form; and Lax still sends the cookie from a sibling subdomain, which is the same site. Browsers say where a
// request comes from: Sec-Fetch-Site (over HTTPS and on localhost), and Origin on every cross-origin POST,
// PUT, PATCH and DELETE. A request with neither comes from a script or a tool (curl, n8n), not a browser
// page, and carries no ambient risk. Pages have their antiforgery token and are not checked here.
// A call with "Authorization: Bearer" is never refused: a browser sends no such header on its own (a page
// elsewhere would need a CORS preflight this host never grants), and with it the token alone authenticates
// the call, never the cookie (ApiTokenAuthentication), so there is no ambient authority to borrow.
public static class CrossSiteRequests
{
    public static IApplicationBuilder UseCrossSiteRequestRefusal(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (IsStateChanging(context.Request.Method) && ApiEndpoint.Handles(context) && !ApiTokenText.IsBearer(context.Request)
            && IsCrossSite(context.Request))
        {
            await ProblemResponse.WriteAsync(context, StatusCodes.Status403Forbidden, "Cross-site request refused",
                "Requests that change something must come from this site's own pages or from a client that is not a browser page.");
            return;
        }
        await next(context);
    });

    private static bool IsStateChanging(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));

    public static bool IsCrossSite(HttpRequest request)
    {
        // The browser's own verdict when it gives one: "none" is a request the user started (address bar).
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0)
        {
            return fetchSite is not ("same-origin" or "none");
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return false;
        }
        // Host and port only: behind a TLS-terminating proxy that is not configured as trusted, the request
        // looks like http while the page's origin is https. "null" (sandboxed frames, some redirects) is
        // never this host.
        return !Uri.TryCreate(origin, UriKind.Absolute, out var originUri)
            || !string.Equals(originUri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
