using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Micro.Testing;

namespace Micro.PrLock.Tests;

/// <summary>Signed <c>pull_request</c> deliveries made from octokit's real payloads, edited to the pull request a test needs.</summary>
static class PullRequestWebhooks
{
    public const string Secret = "pr-lock-webhook-secret";
    public const string Repository = "Codertocat/Hello-World";

    public static string ShaOf(int pullRequest) => pullRequest.ToString("x").PadLeft(40, 'a');

    public static async Task Deliver(HttpClient door, string action, int pullRequest, bool merged = false, string secret = Secret, string? sha = null)
    {
        var payload = JsonNode.Parse(Fixtures.Read("octokit-webhooks", "split", "pull_request",
            action == "closed" ? "closed.payload.json" : "opened.payload.json"))!;
        payload["action"] = action;
        payload["number"] = pullRequest;
        payload["pull_request"]!["number"] = pullRequest;
        payload["pull_request"]!["merged"] = merged;
        payload["pull_request"]!["head"]!["sha"] = sha ?? ShaOf(pullRequest);
        var body = Encoding.UTF8.GetBytes(payload.ToJsonString());

        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", "pull_request");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", GitHubWebhookSigner.Sign(secret, body));
        var response = await door.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
