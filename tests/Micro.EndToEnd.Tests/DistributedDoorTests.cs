using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Micro.Testing;

namespace Micro.EndToEnd.Tests;

/// <summary>
/// The door as <c>deploy/local/distributed.sh</c> sets it up: pipeline and admin tokens at the gateway, and services that answer
/// their API only to the gateway.
/// </summary>
public sealed class DistributedDoorTests
{
    [Fact]
    public async Task The_gateway_asks_for_the_right_token_and_the_services_answer_their_API_only_through_it()
    {
        await using var topology = await DistributedTopology.Start();
        using var pipeline = topology.Client();
        using var admin = topology.Client(DistributedTopology.AdminToken);
        using var anonymous = new HttpClient { BaseAddress = topology.Gateway };
        using var direct = new HttpClient { BaseAddress = topology.Service("ingestion") };

        var listed = await pipeline.GetAsync("/api/ingestion/deliveries");
        var unauthenticated = await anonymous.GetAsync("/api/ingestion/deliveries");
        var pipelineReset = await pipeline.PostAsync("/api/locks/e2e/reset", null);
        var adminReset = await admin.PostAsync("/api/locks/e2e/reset", null);
        var bypass = await direct.GetAsync("/api/ingestion/deliveries");
        var forged = new HttpRequestMessage(HttpMethod.Get, "/api/ingestion/deliveries");
        forged.Headers.Add("X-Micro-Internal", "guessed");
        var forgedBypass = await direct.SendAsync(forged);
        var health = await direct.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, pipelineReset.StatusCode);
        Assert.Contains("admin token", (await pipelineReset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, adminReset.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bypass.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forgedBypass.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
