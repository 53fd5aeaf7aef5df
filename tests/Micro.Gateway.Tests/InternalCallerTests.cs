using System.Net;

namespace Micro.Gateway.Tests;

/// <summary>The services behind the gateway know its requests by the internal secret it adds, which a caller cannot supply.</summary>
public sealed class InternalCallerTests
{
    const string Secret = "internal-secret-0123456789";

    [Fact]
    public async Task The_gateway_adds_its_internal_secret_and_replaces_the_callers_own()
    {
        await using var ingestion = await FakeService.Start("ingestion-1");
        await using var gateway = await GatewayHost.Start([ingestion], new Dictionary<string, string?> { ["Internal:Token"] = Secret });

        var plain = await gateway.Client.GetAsync("/api/ingestion/deliveries");
        var forged = await Forged(gateway.Client, "/api/ingestion/deliveries");
        var webhook = await Forged(gateway.Client, "/webhooks/github", HttpMethod.Post);

        Assert.All([plain, forged, webhook], response => Assert.Equal(HttpStatusCode.Accepted, response.StatusCode));
        Assert.All(ingestion.Received, request => Assert.Equal(Secret, request.Headers["X-Micro-Internal"]));
        Assert.Equal(3, ingestion.Received.Count);
    }

    [Fact]
    public async Task Without_a_secret_configured_the_callers_header_is_not_forwarded()
    {
        await using var ingestion = await FakeService.Start("ingestion-1");
        await using var gateway = await GatewayHost.Start([ingestion]);

        var forged = await Forged(gateway.Client, "/api/ingestion/deliveries");

        Assert.Equal(HttpStatusCode.Accepted, forged.StatusCode);
        Assert.False(Assert.Single(ingestion.Received).Headers.ContainsKey("X-Micro-Internal"));
    }

    [Fact]
    public async Task A_secret_too_short_to_be_one_stops_the_start_naming_the_key()
    {
        await using var ingestion = await FakeService.Start("ingestion-1");

        // YARP reads it while building its routes, so the validation failure comes wrapped in YARP's.
        var failure = await Assert.ThrowsAnyAsync<Exception>(() =>
            GatewayHost.Start([ingestion], new Dictionary<string, string?> { ["MICRO_INTERNAL_TOKEN"] = "short" }));

        var validation = Assert.IsType<Microsoft.Extensions.Options.OptionsValidationException>(failure.GetBaseException());
        Assert.Contains("Internal:Token", validation.Message);
        Assert.DoesNotContain("short", validation.Message);
    }

    static Task<HttpResponseMessage> Forged(HttpClient client, string path, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, path) { Content = method == HttpMethod.Post ? new StringContent("{}") : null };
        request.Headers.Add("X-Micro-Internal", "forged-by-the-caller");
        return client.SendAsync(request);
    }
}
