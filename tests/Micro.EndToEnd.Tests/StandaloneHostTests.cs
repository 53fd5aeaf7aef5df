using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Micro.Testing;

namespace Micro.EndToEnd.Tests;

/// <summary>The embedded default as a newcomer runs it: the built host, started from anywhere, with nothing configured.</summary>
public sealed class StandaloneHostTests : IAsyncLifetime
{
    readonly string workingDirectory = Directory.CreateTempSubdirectory("micro-standalone-").FullName;

    internal static string Assembly => $"services/Standalone/Micro.Standalone/bin/{ServiceProcess.BuildConfiguration}/net10.0/Micro.Standalone.dll";

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(workingDirectory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task With_nothing_configured_it_starts_keeps_deliveries_in_SQLite_and_says_what_is_missing()
    {
        await using var micro = await ServiceProcess.Start(Assembly, new Dictionary<string, string>(), workingDirectory);
        var deliveryId = Guid.NewGuid().ToString();
        using var delivery = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github")
        {
            Content = new StringContent(Fixtures.Read("octokit-webhooks", "split", "push", "payload.json"), Encoding.UTF8, "application/json"),
        };
        delivery.Headers.Add("X-GitHub-Event", "push");
        delivery.Headers.Add("X-GitHub-Delivery", deliveryId);

        var accepted = await micro.Client.SendAsync(delivery);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await Eventually.True(async () =>
            (await micro.Client.GetFromJsonAsync<JsonElement>($"/api/ingestion/deliveries/{deliveryId}"))
            .GetProperty("delivery").GetProperty("state").GetString() == "published", "the delivery was published on the in-memory bus");
        Assert.True(File.Exists(Path.Combine(workingDirectory, "data", "ingestion.db")));
        Assert.Contains("NO SECRET CONFIGURED", micro.Output);
        Assert.Contains("Admin API (/api/**) is OPEN", micro.Output);
        Assert.Contains($"ready on {micro.Address.ToString().TrimEnd('/')}", micro.Output);
    }

    [Fact]
    public async Task Configured_by_environment_it_verifies_signatures_and_guards_the_API()
    {
        await using var micro = await ServiceProcess.Start(Assembly, new Dictionary<string, string>
        {
            ["GITHUB_WEBHOOK_SECRET"] = "standalone-secret",
            ["MICRO_API_TOKEN"] = "standalone-token",
        }, workingDirectory);
        var body = Encoding.UTF8.GetBytes(Fixtures.Read("octokit-webhooks", "split", "workflow_job", "queued.payload.json"));

        var unsigned = await micro.Client.SendAsync(Delivery(body, signature: null));
        var signed = await micro.Client.SendAsync(Delivery(body, GitHubWebhookSigner.Sign("standalone-secret", body)));
        var anonymous = await micro.Client.GetAsync("/api/ingestion/deliveries");
        using var authorized = new HttpRequestMessage(HttpMethod.Get, "/api/ingestion/deliveries");
        authorized.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "standalone-token");
        var listed = await micro.Client.SendAsync(authorized);

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, signed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.DoesNotContain("standalone-secret", micro.Output);
        Assert.DoesNotContain("standalone-token", micro.Output);
    }

    [Fact]
    public async Task Listening_beyond_loopback_without_tokens_it_refuses_to_start_naming_the_keys()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ServiceProcess.Start(Assembly, new Dictionary<string, string>
        {
            ["Kestrel__Endpoints__Public__Url"] = $"http://0.0.0.0:{ServiceProcess.FreePort()}",
        }, workingDirectory));

        Assert.Contains("Gateway:ApiTokens", failure.Message);
        Assert.Contains("Gateway:AllowAnonymousApi", failure.Message);
        Assert.Contains("loopback", failure.Message);
    }

    [Fact]
    public async Task It_accepts_unauthenticated_Pub_Sub_pushes_by_default_only_while_it_listens_on_loopback_alone()
    {
        await using (var trial = await ServiceProcess.Start(Assembly, new Dictionary<string, string>(), workingDirectory))
        {
            using var pushed = await trial.Client.PostAsync("/webhooks/pubsub", PushEnvelope("trial-1"));
            Assert.Equal(HttpStatusCode.NoContent, pushed.StatusCode);
        }

        await using var server = await ServiceProcess.Start(Assembly, new Dictionary<string, string>
        {
            ["GITHUB_WEBHOOK_SECRET"] = "standalone-secret",
            ["MICRO_API_TOKEN"] = "standalone-token",
        }, workingDirectory, listenOn: "0.0.0.0");
        using var refused = await server.Client.PostAsync("/webhooks/pubsub", PushEnvelope("server-1"));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    static StringContent PushEnvelope(string messageId) => new(JsonSerializer.Serialize(new
    {
        message = new
        {
            data = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"workflow": "hello_world", "parameters": {}}""")),
            messageId,
            publishTime = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
        },
        subscription = "projects/micro-test/subscriptions/workflows",
    }), Encoding.UTF8, "application/json");

    static HttpRequestMessage Delivery(byte[] body, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Headers.Add("X-GitHub-Event", "workflow_job");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        if (signature is not null)
            request.Headers.Add("X-Hub-Signature-256", signature);
        return request;
    }
}
