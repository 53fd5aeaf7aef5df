using System.Text;
using System.Text.Json.Nodes;
using Micro.Testing;

namespace Micro.Benchmarks;

/// <summary>
/// What every request carries: a real <c>workflow_job</c> delivery (completed, failed) grown to about the requested size by more
/// steps, as a long job has, and its <c>X-Hub-Signature-256</c>, computed once. Only <c>X-GitHub-Delivery</c> changes per request.
/// </summary>
sealed class WebhookLoad
{
    public const string Event = "workflow_job";

    WebhookLoad(byte[] body, string signature)
    {
        Body = body;
        Signature = signature;
    }

    public byte[] Body { get; }

    public string Signature { get; }

    public static WebhookLoad Create(string secret, int targetBytes)
    {
        var payload = JsonNode.Parse(Fixtures.Read("octokit-webhooks", "split", "workflow_job", "completed.failure.with-organization.payload.json"))!;
        var steps = payload["workflow_job"]!["steps"]!.AsArray();
        var template = steps[0]!.ToJsonString();
        while (Encoding.UTF8.GetByteCount(payload.ToJsonString()) < targetBytes)
        {
            var step = JsonNode.Parse(template)!;
            step["number"] = steps.Count + 1;
            step["name"] = $"Run make check-part-{steps.Count + 1}";
            steps.Add(step);
        }

        var body = Encoding.UTF8.GetBytes(payload.ToJsonString());
        return new WebhookLoad(body, GitHubWebhookSigner.Sign(secret, body));
    }
}
