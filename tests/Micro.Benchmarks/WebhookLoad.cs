using System.Text.Json.Nodes;
using Micro.Testing;

namespace Micro.Benchmarks;

/// <summary>A real workflow_job delivery, padded to about 10 KB (a typical size with many steps), signed once.</summary>
static class WebhookLoad
{
    public const int TargetSize = 10 * 1024;

    public static readonly byte[] Body = Build();

    public static readonly string Signature = GitHubWebhookSigner.Sign(DistributedTopology.WebhookSecret, Body);

    static byte[] Build()
    {
        var payload = JsonNode.Parse(SharedFixtures.Read("octokit-webhooks", "split", "workflow_job", "completed.failure.with-organization.payload.json"))!;
        var steps = payload["workflow_job"]!["steps"]!.AsArray();
        var template = steps[0]!.ToJsonString();
        var number = steps.Count;
        while (System.Text.Encoding.UTF8.GetByteCount(payload.ToJsonString()) < TargetSize)
        {
            var step = JsonNode.Parse(template)!;
            step["number"] = ++number;
            step["name"] = $"Run step {number}";
            steps.Add(step);
        }

        return System.Text.Encoding.UTF8.GetBytes(payload.ToJsonString());
    }
}
