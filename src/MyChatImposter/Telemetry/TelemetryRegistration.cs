using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MyChatImposter.Telemetry;

// The host's meters, read at /metrics in Prometheus's text form, and (when an OTLP endpoint is configured)
// pushed with the host's traces to a collector. No exporter sees message text: the meters carry counts,
// durations and outcomes, and the spans are the framework's HTTP spans (route templates, not bodies).
public static class TelemetryRegistration
{
    public const string MetricsPath = "/metrics";

    // The framework's own meters: requests and connections, outbound HTTP (the LLM, webhooks, the bridge), the runtime.
    private static readonly string[] FrameworkMeters =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "System.Runtime"];

    private static readonly string[] HostMeters =
        [PipelineMetrics.MeterName, DeliveryMetrics.MeterName, LlmMetrics.MeterName];

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<TelemetryOptions>(configuration, TelemetryOptions.SectionName)
            .Validate(options => string.IsNullOrEmpty(options.MetricsScrapeToken)
                    || options.MetricsScrapeToken.Length >= TelemetryOptions.MinimumScrapeTokenLength,
                $"Telemetry:MetricsScrapeToken is too short to be a secret; use at least {TelemetryOptions.MinimumScrapeTokenLength} characters (openssl rand -hex 32).");
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new();
        var exportsOtlp = options.OtlpEndpoint is not null
            || !string.IsNullOrWhiteSpace(configuration[TelemetryOptions.StandardOtlpEndpointVariable]);

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(HostMeters).AddMeter(FrameworkMeters).AddPrometheusExporter();
                if (exportsOtlp)
                {
                    metrics.AddOtlpExporter(exporter => Target(exporter, options, "v1/metrics"));
                }
            });
        if (exportsOtlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter(exporter => Target(exporter, options, "v1/traces")));
        }

        return services.AddMetricsAccess();
    }

    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath)
            .RequireAuthorization(MetricsAccess.Policy)
            // Answered like the API (401/403 ProblemDetails, API tokens accepted), not with the site's redirects.
            .WithMetadata(ApiEndpoint.Instance);

    // Set in configuration, the endpoint is the collector's base address, as OTEL_EXPORTER_OTLP_ENDPOINT is;
    // over HTTP each signal has its own path under it. From the environment variable, the exporter reads it itself.
    private static void Target(OtlpExporterOptions exporter, TelemetryOptions options, string signalPath)
    {
        if (options.OtlpEndpoint is not { } endpoint)
        {
            return;
        }
        exporter.Protocol = options.OtlpProtocol == OtlpProtocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        exporter.Endpoint = options.OtlpProtocol == OtlpProtocol.Grpc
            ? endpoint
            : new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath);
    }
}
