using System.Text.Json.Nodes;
using Micro.Contracts.GitHub;
using Micro.Testing;

namespace Micro.RunnerBroker.Tests;

/// <summary>
/// <c>workflow_job</c> events of one repository: as ingestion publishes them on the bus, and as GitHub delivers them (built from
/// octokit's real payloads, with the job's id, labels and conclusion written in).
/// </summary>
public sealed record JobEvents(string Repository = JobEvents.DefaultRepository)
{
    public const string DefaultRepository = "Codertocat/Hello-World";
    public const long RunId = 2202229078;
    public const long InstallationId = 3456996;

    public static readonly string[] SelfHosted = ["self-hosted", "linux"];

    public WorkflowJobEvent Event(long jobId, WorkflowJobAction action, string[]? labels = null, string? conclusion = null) => new(
        new GitHubEventOrigin(Guid.NewGuid().ToString(), new GitHubRepository(Repository, $"https://github.com/{Repository}"), InstallationId, "octocat"),
        action, RunId, 1, jobId, $"job-{jobId}", "CI", labels ?? SelfHosted, action.ToString().ToLowerInvariant(), conclusion, "main", new string('a', 40));

    public (string Event, string Body) Webhook(long jobId, string action, string[]? labels = null, string? conclusion = null)
    {
        var file = action switch
        {
            "queued" => "queued.payload.json",
            "in_progress" => "in_progress.payload.json",
            "waiting" => "waiting.payload.json",
            _ => "completed.success.with-organization.payload.json",
        };
        var payload = JsonNode.Parse(Fixtures.Read("octokit-webhooks", "split", "workflow_job", file))!;
        payload["action"] = action;
        payload["repository"]!["full_name"] = Repository;
        payload["repository"]!["name"] = Repository.Split('/')[1];
        payload["repository"]!["owner"]!["login"] = Repository.Split('/')[0];
        payload["repository"]!["html_url"] = $"https://github.com/{Repository}";
        var job = payload["workflow_job"]!;
        job["id"] = jobId;
        job["run_id"] = RunId;
        job["status"] = action;
        job["conclusion"] = conclusion;
        job["labels"] = new JsonArray([.. (labels ?? SelfHosted).Select(label => (JsonNode)label)]);
        return ("workflow_job", payload.ToJsonString());
    }
}
