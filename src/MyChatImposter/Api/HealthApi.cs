using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MyChatImposter.Api;

// Two probes, both anonymous and both with the original's body {status: "healthy" | "unhealthy"}:
//   GET /health — alive: the process serves requests. No check runs, so an outage of the store does not make
//                 an orchestrator restart a host that a restart cannot mend.
//   GET /ready  — ready for traffic: every readiness check passes (ReadinessChecks: the store, and the bridge
//                 when it runs elsewhere); 503 otherwise, so a load balancer holds traffic until it is back.
public static class HealthApi
{
    public static void MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health", Probe(_ => false)).AllowAnonymous();
        endpoints.MapHealthChecks("/ready", Probe(check => check.Tags.Contains(ReadinessChecks.Tag))).AllowAnonymous();
    }

    private static HealthCheckOptions Probe(Func<HealthCheckRegistration, bool> checks) => new()
    {
        Predicate = checks,
        ResponseWriter = (context, report) =>
        {
            context.Response.ContentType = "application/json";
            var status = report.Status == HealthStatus.Healthy ? "healthy" : "unhealthy";
            return context.Response.WriteAsync(JsonSerializer.Serialize(new { status }));
        },
    };
}
