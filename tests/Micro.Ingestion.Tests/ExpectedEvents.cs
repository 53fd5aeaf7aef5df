using System.Globalization;
using System.Text.Json.Nodes;
using Micro.Contracts.GitHub;

namespace Micro.Ingestion.Tests;

/// <summary>What a subscriber must receive for a payload, read straight from the payload JSON (not through ingestion's code).</summary>
static class ExpectedEvents
{
    static readonly Dictionary<string, string[]> UsedActions = new()
    {
        ["workflow_job"] = ["queued", "waiting", "in_progress", "completed"],
        ["workflow_run"] = ["requested", "in_progress", "completed"],
        ["pull_request"] = ["opened", "reopened", "synchronize", "closed"],
    };

    public static bool IsPublished(string eventName, JsonNode payload) =>
        eventName == "push" || UsedActions[eventName].Contains((string?)payload["action"]);

    public static void AssertMatches(string eventName, JsonNode payload, object received, string deliveryId)
    {
        switch (received)
        {
            case WorkflowJobEvent job:
                Assert.Equal("workflow_job", eventName);
                Assert.Equal((long)payload["workflow_job"]!["id"]!, job.JobId);
                Assert.Equal((long)payload["workflow_job"]!["run_id"]!, job.RunId);
                Assert.Equal((int)payload["workflow_job"]!["run_attempt"]!, job.RunAttempt);
                Assert.Equal(ActionName(job.Action), (string)payload["action"]!);
                Assert.Equal((string?)payload["workflow_job"]!["conclusion"], job.Conclusion);
                Assert.Equal(payload["workflow_job"]!["labels"]!.AsArray().Select(label => (string)label!), job.Labels);
                AssertOrigin(payload, job.Origin, deliveryId);
                break;
            case WorkflowRunEvent run:
                Assert.Equal("workflow_run", eventName);
                Assert.Equal((long)payload["workflow_run"]!["id"]!, run.RunId);
                Assert.Equal(ActionName(run.Action), (string)payload["action"]!);
                Assert.Equal((string?)payload["workflow_run"]!["conclusion"], run.Conclusion);
                AssertOrigin(payload, run.Origin, deliveryId);
                break;
            case PullRequestEvent pullRequest:
                Assert.Equal("pull_request", eventName);
                Assert.Equal((int)payload["number"]!, pullRequest.Number);
                Assert.Equal(ActionName(pullRequest.Action), (string)payload["action"]!);
                Assert.Equal((bool?)payload["pull_request"]!["merged"] ?? false, pullRequest.Merged);
                Assert.Equal((string)payload["pull_request"]!["head"]!["sha"]!, pullRequest.HeadSha);
                Assert.Equal((string)payload["pull_request"]!["base"]!["ref"]!, pullRequest.BaseRef);
                Assert.Equal(DateTimeOffset.Parse((string)payload["pull_request"]!["updated_at"]!, CultureInfo.InvariantCulture), pullRequest.UpdatedAt);
                AssertOrigin(payload, pullRequest.Origin, deliveryId);
                break;
            case PushEvent push:
                Assert.Equal("push", eventName);
                Assert.Equal((string)payload["ref"]!, push.Ref);
                Assert.Equal((string)payload["before"]!, push.Before);
                Assert.Equal((string)payload["after"]!, push.After);
                AssertOrigin(payload, push.Origin, deliveryId);
                break;
            default:
                Assert.Fail($"unexpected message {received.GetType().Name}");
                break;
        }
    }

    public static string? DeliveryOf(object message) => message switch
    {
        WorkflowJobEvent e => e.Origin.DeliveryId,
        WorkflowRunEvent e => e.Origin.DeliveryId,
        PullRequestEvent e => e.Origin.DeliveryId,
        PushEvent e => e.Origin.DeliveryId,
        _ => null,
    };

    static void AssertOrigin(JsonNode payload, GitHubEventOrigin origin, string deliveryId)
    {
        Assert.Equal(deliveryId, origin.DeliveryId);
        Assert.Equal((string)payload["repository"]!["full_name"]!, origin.Repository.FullName);
        Assert.Equal((long?)payload["installation"]?["id"], origin.InstallationId);
        Assert.Equal((string?)payload["sender"]?["login"], origin.SenderLogin);
    }

    static string ActionName<TAction>(TAction action)
        where TAction : struct, Enum =>
        string.Concat(action.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
