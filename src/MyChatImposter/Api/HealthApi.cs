using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MyChatImposter.Api;

// GET /health keeps the original's body {status: "healthy"} and answers 503 {status: "unhealthy"}
// when a registered check (the store) fails, so orchestrators restart or hold traffic.
public static class HealthApi
{
    public static IEndpointConventionBuilder MapHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResponseWriter = (context, report) =>
            {
                context.Response.ContentType = "application/json";
                var status = report.Status == HealthStatus.Healthy ? "healthy" : "unhealthy";
                return context.Response.WriteAsync(JsonSerializer.Serialize(new { status }));
            },
        }).AllowAnonymous();
}
