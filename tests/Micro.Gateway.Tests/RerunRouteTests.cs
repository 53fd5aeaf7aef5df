using System.Net;

namespace Micro.Gateway.Tests;

public sealed class RerunRouteTests
{
    [Fact]
    public async Task The_rerun_API_reaches_the_rerun_service_and_nothing_else_does()
    {
        await using var ingestion = await FakeService.Start("ingestion-1");
        await using var rerun = await FakeService.Start("rerun-1");
        await using var gateway = await GatewayHost.Start([ingestion], new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:rerun:Destinations:rerun-1:Address"] = rerun.Address.ToString(),
        });

        var runs = await gateway.Client.GetAsync("/api/rerun/runs?repository=acme/api&limit=5");
        var run = await gateway.Client.GetAsync("/api/rerun/runs/acme/api/42");
        await gateway.Client.GetAsync("/api/ingestion/deliveries");

        Assert.Equal(HttpStatusCode.Accepted, runs.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        Assert.Equal(["/api/rerun/runs?repository=acme/api&limit=5", "/api/rerun/runs/acme/api/42"], rerun.Received.Select(request => request.PathAndQuery));
        Assert.Equal(["/api/ingestion/deliveries"], ingestion.Received.Select(request => request.PathAndQuery));
    }
}
