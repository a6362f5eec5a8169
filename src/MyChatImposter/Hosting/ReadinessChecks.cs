using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MyChatImposter.Hosting;

// What GET /ready asks: every check added here must pass for the host to take traffic (HealthApi).
public static class ReadinessChecks
{
    public const string Tag = "ready";

    // A check that has not answered by then counts as failed: a probe must answer before its own timeout.
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static IHealthChecksBuilder AddReadinessCheck<TCheck>(this IServiceCollection services, string name)
        where TCheck : class, IHealthCheck =>
        services.AddHealthChecks().AddCheck<TCheck>(name, tags: [Tag], timeout: Timeout);
}
