using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.Testing;

public static class BusReadiness
{
    /// <summary>
    /// Waits until the bus has connected and bound its queues. Services start without waiting for the broker (readiness reports
    /// it), so a test that publishes straight after start-up could otherwise publish before a consumer's queue exists.
    /// </summary>
    public static Task WaitUntilBusHealthy(this IServiceProvider services) =>
        Eventually.True(() => services.GetRequiredService<IBusControl>().CheckHealth().Status == BusHealthStatus.Healthy,
            "the bus is connected and its endpoints are ready");
}
