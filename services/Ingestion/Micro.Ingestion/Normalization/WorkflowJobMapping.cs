using System.Text.Json;
using Micro.Contracts.GitHub;

namespace Micro.Ingestion.Normalization;

static class WorkflowJobMapping
{
    public static WorkflowJobEvent? Map(GitHubEventOrigin origin, string? action, JsonElement payload)
    {
        if (PayloadReader.Action<WorkflowJobAction>(action) is not { } known)
            return null;

        var job = payload.RequiredObject("workflow_job");
        return new WorkflowJobEvent(
            origin,
            known,
            job.RequiredInt64("run_id", "workflow_job.run_id"),
            // Payloads older than re-runs carry no attempt: every run then had exactly one.
            (int)(job.Int64("run_attempt") ?? 1),
            job.RequiredInt64("id", "workflow_job.id"),
            job.String("name") ?? string.Empty,
            job.String("workflow_name"),
            job.Strings("labels"),
            job.String("status"),
            job.String("conclusion"),
            job.String("head_branch"),
            job.String("head_sha"));
    }
}
