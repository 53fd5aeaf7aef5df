using System.Globalization;
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

    /// <summary>Delivers the event and answers its delivery id; <paramref name="updatedAt"/> replaces the payload's <c>pull_request.updated_at</c>.</summary>
    public static async Task<string> Deliver(
        HttpClient door, string action, int pullRequest, bool merged = false, string secret = Secret, string? sha = null, DateTimeOffset? updatedAt = null)
    {
        var payload = JsonNode.Parse(Fixtures.Read("octokit-webhooks", "split", "pull_request",
            action == "closed" ? "closed.payload.json" : "opened.payload.json"))!;
        payload["action"] = action;
        payload["number"] = pullRequest;
        payload["pull_request"]!["number"] = pullRequest;
        payload["pull_request"]!["merged"] = merged;
        payload["pull_request"]!["head"]!["sha"] = sha ?? ShaOf(pullRequest);
        if (updatedAt is { } at)
            payload["pull_request"]!["updated_at"] = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var body = Encoding.UTF8.GetBytes(payload.ToJsonString());

        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", "pull_request");
        var deliveryId = Guid.NewGuid().ToString();
        request.Headers.Add("X-GitHub-Delivery", deliveryId);
        request.Headers.Add("X-Hub-Signature-256", GitHubWebhookSigner.Sign(secret, body));
        var response = await door.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return deliveryId;
    }
}
