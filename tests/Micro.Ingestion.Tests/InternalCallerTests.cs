using System.Net;
using Microsoft.Data.Sqlite;

namespace Micro.Ingestion.Tests;

/// <summary>With the internal secret configured, the service's API answers only calls that came through the gateway.</summary>
public sealed class InternalCallerTests : IAsyncLifetime
{
    const string Secret = "internal-secret-0123456789";
    readonly string directory = Directory.CreateTempSubdirectory("micro-internal-callers-").FullName;
    IngestionService service = null!;

    public async Task InitializeAsync() =>
        service = await IngestionService.Start(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:DataDirectory"] = directory,
            ["Messaging:Transport"] = "InMemory",
            ["MICRO_INTERNAL_TOKEN"] = Secret,
        });

    public async Task DisposeAsync()
    {
        await service.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task The_API_without_the_secret_is_403_while_webhooks_and_health_stay_open()
    {
        var direct = await service.Client.GetAsync("/api/ingestion/deliveries");
        var wrong = await Get("/api/ingestion/deliveries", Secret + "x");
        var replay = await service.Client.PostAsync("/api/ingestion/deliveries/d-1/replay", null);
        var throughGateway = await Get("/api/ingestion/deliveries", Secret);
        var webhook = await service.Deliver("push", WebhookPayloads.Read("push", "payload.json"));
        var health = await service.Client.GetAsync("/health/ready");

        foreach (var refused in new[] { direct, wrong, replay })
            await WebhookIngestionContract.AssertProblem(refused, HttpStatusCode.Forbidden, "Internal caller required");
        Assert.Equal(HttpStatusCode.OK, throughGateway.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, webhook.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.DoesNotContain(Secret, await direct.Content.ReadAsStringAsync());
    }

    Task<HttpResponseMessage> Get(string path, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Micro-Internal", secret);
        return service.Client.SendAsync(request);
    }
}
