using System.Net;
using Micro.Testing;

namespace Micro.OpenApi.Tests;

/// <summary>The documents and the reference page as users reach them: through the gateway of the distributed topology, and on the standalone host.</summary>
public sealed class ServedDocumentsTests
{
    static string Standalone => $"services/Standalone/Micro.Standalone/bin/{ServiceProcess.BuildConfiguration}/net10.0/Micro.Standalone.dll";

    [Fact]
    public async Task The_gateway_serves_each_service_document_from_that_service_while_the_services_still_refuse_direct_API_calls()
    {
        await using var topology = await DistributedTopology.Start();
        using var anonymous = new HttpClient { BaseAddress = topology.Gateway };
        using var direct = new HttpClient { BaseAddress = topology.Service("rerun") };

        await ApiDocuments.AssertServed(anonymous);
        // Each document comes from its own service process: rerun's own host describes rerun only.
        ApiDocuments.AssertOwnPathsOnly("rerun", await ApiDocuments.Fetch(direct, "rerun"));
        using var bypass = await direct.GetAsync("/api/rerun/runs");
        using var unauthenticated = await anonymous.GetAsync("/api/rerun/runs");

        Assert.Equal(HttpStatusCode.Forbidden, bypass.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    [Fact]
    public async Task The_standalone_host_serves_every_document_and_the_reference_page()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("micro-openapi-standalone-").FullName;
        try
        {
            await using var micro = await ServiceProcess.Start(Standalone, new Dictionary<string, string>(), workingDirectory);
            await ApiDocuments.AssertServed(micro.Client);
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }
}
