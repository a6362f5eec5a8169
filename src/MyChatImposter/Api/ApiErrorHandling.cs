namespace MyChatImposter.Api;

// Every error leaves the host as ProblemDetails (RFC 9457): unhandled exceptions as a 500 without
// internals, requests the client got wrong (unreadable bodies, bad route values, 404, 405) with their 4xx.
public static class ApiErrorHandling
{
    public static IServiceCollection AddApiErrorHandling(this IServiceCollection services)
    {
        // The default ProblemDetails writer already adds the request's trace id.
        services.AddProblemDetails();
        services.AddExceptionHandler<ClientFaultExceptionHandler>();
        // Endpoints throw BadHttpRequestException for a body or parameter they cannot bind, in production as in
        // development, so ClientFaultExceptionHandler answers all of them alike: the JSON path of the value at
        // fault named in the ProblemDetails (e.g. "role" for an unknown role) instead of a bare 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    public static WebApplication UseApiErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
