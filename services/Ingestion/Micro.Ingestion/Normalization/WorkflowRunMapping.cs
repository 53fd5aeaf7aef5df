using System.Text.Json;
using Micro.Contracts.GitHub;

namespace Micro.Ingestion.Normalization;

static class WorkflowRunMapping
{
    public static WorkflowRunEvent? Map(GitHubEventOrigin origin, string? action, JsonElement payload)
    {
        if (PayloadReader.Action<WorkflowRunAction>(action) is not { } known)
            return null;

        var run = payload.RequiredObject("workflow_run");
        return new WorkflowRunEvent(
            origin,
            known,
            run.RequiredInt64("id", "workflow_run.id"),
            (int)(run.Int64("run_attempt") ?? 1),
            run.String("name") is { Length: > 0 } name ? name : payload.Object("workflow")?.String("name"),
            run.String("status"),
            run.String("conclusion"),
            run.String("head_branch"),
            run.String("head_sha"),
            run.String("event"));
    }
}
