using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MyChatImposter.Storage;

public sealed class StorageHealthCheck(IStorageDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await database.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{database.ProviderName} reachable");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(
                context.Registration.FailureStatus, $"{database.ProviderName} unreachable", ex);
        }
    }
}
