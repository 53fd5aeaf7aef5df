using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Micro.Ingestion.Publishing;

/// <summary>
/// Whether the broker took the last event ingestion tried to publish, for readiness. A broker outage makes ingestion Degraded, not
/// Unhealthy: deliveries are still accepted and wait in the outbox, so the gateway must keep sending them here.
/// </summary>
public sealed class BrokerAvailability : IHealthCheck
{
    /// <summary>When publishing started failing for want of the broker, in ticks; 0 while it takes events.</summary>
    long unavailableSince;

    public void Available() => Interlocked.Exchange(ref unavailableSince, 0);

    public void Unavailable() => Interlocked.CompareExchange(ref unavailableSince, DateTime.UtcNow.Ticks, 0);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Interlocked.Read(ref unavailableSince) is var since and not 0
            ? HealthCheckResult.Degraded(
                $"the broker has not confirmed a publish since {new DateTime(since, DateTimeKind.Utc):O}; deliveries are still accepted, their events wait in the outbox")
            : HealthCheckResult.Healthy());
}
