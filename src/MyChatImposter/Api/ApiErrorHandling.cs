using Microsoft.AspNetCore.Diagnostics;

namespace MyChatImposter.Api;

// Every error leaves the host as ProblemDetails (RFC 9457): unhandled exceptions as a 500 without
// internals, framework rejections (bad route values, body binding, 404, 405) with their own 4xx status.
public static class ApiErrorHandling
{
    public static IServiceCollection AddApiErrorHandling(this IServiceCollection services)
    {
        // The default ProblemDetails writer already adds the request's trace id.
        services.AddProblemDetails();
        return services;
    }

    public static WebApplication UseApiErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A BadHttpRequestException is the caller's mistake (e.g. an unreadable body): keep its 4xx.
            StatusCodeSelector = exception => exception is BadHttpRequestException badRequest
                ? badRequest.StatusCode
                : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        return app;
    }
}
