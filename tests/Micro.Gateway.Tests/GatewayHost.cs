using Micro.Edge;
using Micro.ServiceDefaults;
using Micro.Testing;
using Microsoft.Extensions.Configuration;

namespace Micro.Gateway.Tests;

/// <summary>
/// The gateway as its Program wires it, with its shipped appsettings.json, on a real port; its ingestion cluster points at the given
/// fake services (name one "ingestion-1" to replace the shipped destination).
/// </summary>
public static class GatewayHost
{
    public static Task<TestWebHost> Start(IEnumerable<FakeService> ingestion, IDictionary<string, string?>? settings = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:ingestion:HealthCheck:Active:Interval"] = "00:00:00.200",
            ["ReverseProxy:Clusters:ingestion:HealthCheck:Active:Timeout"] = "00:00:01",
        };
        foreach (var service in ingestion)
            configuration[$"ReverseProxy:Clusters:ingestion:Destinations:{service.Name}:Address"] = service.Address.ToString();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            configuration[key] = value;

        return TestWebHost.Start(configuration, builder =>
        {
            builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false);
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.AddServiceDefaults();
            builder.AddEdge();
            builder.AddGateway();
        }, app =>
        {
            app.UseServiceDefaults();
            app.UseEdge();
            app.MapGateway();
        });
    }
}
