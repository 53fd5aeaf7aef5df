using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Micro.Edge;
using Micro.Ingestion;
using Micro.Testing;

namespace Micro.RunnerBroker.Tests;

/// <summary>Micro's door with ingestion and the runner broker in one process, as the standalone host composes them, with API tokens.</summary>
public sealed class EndToEndTests
{
    const string WebhookSecret = "runners-webhook-secret";
    const string PipelineToken = "runners-pipeline-token";
    const string AdminToken = "runners-admin-token";

    [Fact]
    public async Task A_signed_queued_webhook_launches_a_runner_whose_token_buys_a_registration_token_until_the_job_starts()
    {
        await using var launcher = await FakeLauncher.Start();
        var settings = RunnerBrokerHost.WebhookLauncher(launcher);
        settings["GitHub:WebhookSecrets:0"] = WebhookSecret;
        settings["Gateway:ApiTokens:0"] = PipelineToken;
        settings["Gateway:AdminTokens:0"] = AdminToken;
        settings[$"RunnerBroker:Repositories:{RunnerBrokerHost.User}:0"] = null;
        await using var micro = await RunnerBrokerHost.Start(settings,
            compose: host => host.AsDoor(EdgeHost.Standalone).Add(new IngestionModule()));
        var door = micro.Client;
        var events = new JobEvents();

        // Mapping a repository is an admin action, on both paths.
        using (var anonymous = await door.PostAsJsonAsync("/repositories/alice", new { repositories = new[] { JobEvents.DefaultRepository } }))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using (var pipeline = await Send(door, HttpMethod.Put, $"/api/runners/repositories/{JobEvents.DefaultRepository}", new { user = "alice" }, PipelineToken))
            Assert.Equal(HttpStatusCode.Forbidden, pipeline.StatusCode);
        using (var admin = await Send(door, HttpMethod.Post, "/repositories/alice", new { repositories = new[] { JobEvents.DefaultRepository } }, AdminToken))
            Assert.Equal(HttpStatusCode.OK, admin.StatusCode);

        await Deliver(door, events.Webhook(901, "queued"));
        await Eventually.True(() => launcher.Starts.Count == 1, "the launcher was asked for a runner");
        var start = launcher.Starts[0];

        // The job's script on the cluster: the raw token, as the original's sends it; the launcher token path needs no API token.
        using var exchanged = await micro.Exchange(start.LauncherToken);
        var answer = await exchanged.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, exchanged.StatusCode);
        Assert.Equal(Assert.Single(micro.GitHub.RunnerCredentials).Value, answer.GetProperty("token").GetString());

        await Deliver(door, events.Webhook(901, "in_progress"));
        await Eventually.True(async () =>
        {
            using var response = await Send(door, HttpMethod.Get, "/api/runners/jobs/901", null, PipelineToken);
            return response.IsSuccessStatusCode && (await response.Content.ReadFromJsonAsync<JsonElement>()).Text("state") == "started";
        }, "the job started");
        using var late = await micro.Exchange(start.LauncherToken);
        Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
    }

    static async Task<HttpResponseMessage> Send(HttpClient door, HttpMethod method, string path, object? body, string token)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await door.SendAsync(request);
    }

    static async Task Deliver(HttpClient door, (string Event, string Body) webhook)
    {
        var body = Encoding.UTF8.GetBytes(webhook.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", webhook.Event);
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", GitHubWebhookSigner.Sign(WebhookSecret, body));
        using var response = await door.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"delivery answered {(int)response.StatusCode}");
    }
}
