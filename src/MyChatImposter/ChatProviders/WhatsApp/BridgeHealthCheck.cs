using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MyChatImposter.ChatProviders.WhatsApp;

// A readiness check only for a bridge run elsewhere (WhatsApp:Bridge:Url): the host cannot link or reach
// WhatsApp without it. The host's own bridge starts on demand and restarts itself, so it is not asked.
public sealed class BridgeHealthCheck(IWhatsAppBridge bridge, BridgeClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await client.PingAsync(await bridge.GetAsync(cancellationToken), cancellationToken);
            return HealthCheckResult.Healthy("WhatsApp bridge reachable");
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "WhatsApp bridge unreachable", error);
        }
    }
}
