using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Micro.Ingestion.Publishing;

/// <summary>
/// Whether the broker took the last event ingestion tried to publish, for readiness. A broker outage makes ingestion Degraded, not
/// Unhealthy: deliveries are still accepted and wait in the outbox, so the gateway must keep sending them here.
/// </summary>
public sealed class BrokerAvailability : IHealthCheck
{
    DateTime? unavailableSince;

    public void Available() => unavailableSince = null;

    public void Unavailable() => unavailableSince ??= DateTime.UtcNow;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(unavailableSince is { } since
            ? HealthCheckResult.Degraded(
                $"the broker has not confirmed a publish since {since:O}; deliveries are still accepted, their events wait in the outbox")
            : HealthCheckResult.Healthy());
}
