using System.Text.Json.Nodes;
using Micro.Testing;

namespace Micro.Rerun.Tests;

/// <summary>
/// <c>workflow_job</c> and <c>workflow_run</c> deliveries built from real payloads (octokit/webhooks), with the ids, attempt, branch,
/// sender and conclusion of the run under test written in.
/// </summary>
public sealed record RunWebhooks(string Repository, long RunId, int RunAttempt = 1, string Branch = "main", string Sender = "octocat")
{
    public Webhook Queued(long jobId, string? name = null) => Job("queued.payload.json", "queued", jobId, conclusion: null, name);

    public Webhook InProgress(long jobId) => Job("in_progress.payload.json", "in_progress", jobId, conclusion: null, name: null);

    public Webhook Completed(long jobId, string conclusion, string? name = null) =>
        Job("completed.failure.with-organization.payload.json", "completed", jobId, conclusion, name);

    public Webhook RunCompleted(string conclusion)
    {
        var payload = Payload("workflow_run", "completed.payload.json", "completed");
        var run = payload["workflow_run"]!;
        run["id"] = RunId;
        run["run_attempt"] = RunAttempt;
        run["head_branch"] = Branch;
        run["status"] = "completed";
        run["conclusion"] = conclusion;
        return new Webhook("workflow_run", payload.ToJsonString());
    }

    /// <summary>A queued and a completed delivery for each job: the whole life of a run attempt.</summary>
    public IEnumerable<Webhook> Jobs(params (long Id, string Conclusion)[] jobs) =>
        jobs.Select(job => Queued(job.Id)).Concat(jobs.Select(job => Completed(job.Id, job.Conclusion)));

    Webhook Job(string file, string action, long jobId, string? conclusion, string? name)
    {
        var payload = Payload("workflow_job", file, action);
        var job = payload["workflow_job"]!;
        job["id"] = jobId;
        job["run_id"] = RunId;
        job["run_attempt"] = RunAttempt;
        job["head_branch"] = Branch;
        job["name"] = name ?? $"job-{jobId}";
        job["status"] = action;
        job["conclusion"] = conclusion;
        return new Webhook("workflow_job", payload.ToJsonString());
    }

    JsonNode Payload(string eventName, string file, string action)
    {
        var payload = JsonNode.Parse(Fixtures.Read("octokit-webhooks", "split", eventName, file))!;
        payload["action"] = action;
        var repository = payload["repository"]!;
        repository["full_name"] = Repository;
        repository["name"] = Repository.Split('/')[1];
        repository["owner"]!["login"] = Repository.Split('/')[0];
        payload["sender"]!["login"] = Sender;
        return payload;
    }
}

/// <summary>One webhook delivery's event name and body.</summary>
public sealed record Webhook(string Event, string Body);
