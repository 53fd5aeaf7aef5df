using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Micro.Gateway;

/// <summary>
/// Ready when every service can be reached: each cluster has a destination that active and passive health checks have not
/// marked down (one not yet probed counts as available).
/// </summary>
sealed class DestinationHealthCheck(IProxyStateLookup proxy) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var unavailable = proxy.GetClusters()
            .Where(cluster => !cluster.Destinations.Values.Any(IsAvailable))
            .Select(cluster => cluster.ClusterId)
            .Order()
            .ToList();

        return Task.FromResult(unavailable.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"no available destination for: {string.Join(", ", unavailable)}"));
    }

    static bool IsAvailable(DestinationState destination) =>
        destination.Health.Active != DestinationHealth.Unhealthy && destination.Health.Passive != DestinationHealth.Unhealthy;
}
