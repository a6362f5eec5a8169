namespace MyChatImposter.Telemetry;

// The "Telemetry" section. /metrics is always on for administrators; a scrape token lets Prometheus in
// without an account. OTLP export (traces and metrics) starts only when an endpoint is given, here or in
// the standard OTEL_EXPORTER_OTLP_ENDPOINT variable.
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    // Sent by the scraper as "Authorization: Bearer <token>". A secret: set it in the environment
    // (Telemetry__MetricsScrapeToken), never in a committed appsettings file. Empty is the same as unset (a
    // compose file passes an unset variable on as ""); anything else needs MinimumScrapeTokenLength characters.
    public string? MetricsScrapeToken { get; set; }

    public const int MinimumScrapeTokenLength = 32;

    // The standard variable a collector's documentation tells operators to set, honoured beside OtlpEndpoint. Read
    // from the host configuration, which carries the environment variables (as StorageOptions reads MONGODB_URL).
    public const string StandardOtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public Uri? OtlpEndpoint { get; set; }

    public OtlpProtocol OtlpProtocol { get; set; } = OtlpProtocol.HttpProtobuf;

    public string ServiceName { get; set; } = "mychatimposter";
}

public enum OtlpProtocol
{
    // The collector's port 4318; the host adds /v1/traces and /v1/metrics to the endpoint.
    HttpProtobuf,

    // The collector's port 4317.
    Grpc,
}
