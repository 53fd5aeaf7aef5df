using System.Net;
using System.Net.Http.Json;

namespace Micro.RunnerBroker.Tests;

/// <summary>
/// Behind the gateway, the original app's paths that change who gets runners or that call GitHub on each request are guarded like
/// <c>/api/**</c>: a container on the same network cannot remap repositories or spend the App's rate limit without the gateway.
/// </summary>
public sealed class InternalCallerTests
{
    const string Secret = "internal-secret-0123456789";

    [Fact]
    public async Task Mapping_and_installation_lookups_need_the_gateway_while_the_token_exchange_stays_open()
    {
        await using var service = await RunnerBrokerHost.Start(new Dictionary<string, string?> { ["MICRO_INTERNAL_TOKEN"] = Secret });

        using var remap = await service.Client.PostAsJsonAsync("/repositories/mallory", new { repositories = new[] { "octo-org/octo-repo" } });
        using var installations = await service.Client.GetAsync("/gha/installations?url=https://github.com/octo-org/octo-repo");
        using var mapping = await service.Client.GetAsync("/api/runners/repositories");
        using var exchange = await service.Exchange("not-a-token");

        foreach (var refused in new[] { remap, installations, mapping })
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, exchange.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/repositories/mallory");
        request.Headers.Add("X-Micro-Internal", Secret);
        using var throughGateway = await service.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, throughGateway.StatusCode);
        Assert.Empty(await throughGateway.Content.ReadFromJsonAsync<string[]>() ?? []);
    }
}
