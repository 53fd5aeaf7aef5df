using Micro.Testing;
using Microsoft.Extensions.Configuration;

namespace Micro.Gateway.Tests;

/// <summary>
/// The gateway as its Program wires it, with its shipped appsettings.json, on a real port; its ingestion cluster points at the given
/// fake services (name one "ingestion-1" to replace the shipped destination). The other services' clusters keep their shipped
/// destinations, unprobed, so that readiness depends on ingestion alone.
/// </summary>
public static class GatewayHost
{
    static readonly string ShippedSettings = Path.Combine(AppContext.BaseDirectory, "appsettings.json");

    public static Task<TestWebHost> Start(IEnumerable<FakeService> ingestion, IDictionary<string, string?>? settings = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            // Most tests are about routing, not tokens; those about tokens set them (or set this back to false).
            ["Gateway:AllowAnonymousApi"] = "true",
            ["ReverseProxy:Clusters:ingestion:HealthCheck:Active:Interval"] = "00:00:00.200",
            ["ReverseProxy:Clusters:ingestion:HealthCheck:Active:Timeout"] = "00:00:01",
        };
        foreach (var cluster in new ConfigurationBuilder().AddJsonFile(ShippedSettings).Build().GetSection("ReverseProxy:Clusters").GetChildren())
        {
            if (cluster.Key != "ingestion")
                configuration[$"ReverseProxy:Clusters:{cluster.Key}:HealthCheck:Active:Enabled"] = "false";
        }

        foreach (var service in ingestion)
            configuration[$"ReverseProxy:Clusters:ingestion:Destinations:{service.Name}:Address"] = service.Address.ToString();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            configuration[key] = value;

        return TestWebHost.Start(configuration, micro =>
        {
            micro.Configuration.AddJsonFile(ShippedSettings, optional: false);
            micro.Configuration.AddInMemoryCollection(configuration);
            micro.AsDoor().Add(new GatewayModule());
        });
    }
}
