namespace Micro.Rerun.CircleCi;

/// <summary>The body of <c>POST /api/rerun/circleci</c>: the old tool's settings, by name.</summary>
public sealed record CircleCiRerunInput(string? GithubRepository, string? BranchPrefix, string? ProjectSlug, string? WorkflowName, bool? DryRun);

public sealed record CircleCiRerunAccepted(Guid Id, string State);

/// <summary>A request and what became of it; the fields after <see cref="Outcome"/> are what the steps found.</summary>
public sealed record CircleCiRerunView(
    Guid Id,
    string State,
    string? Outcome,
    string? Detail,
    string GithubRepository,
    string BranchPrefix,
    string ProjectSlug,
    string WorkflowName,
    bool DryRun,
    string Trigger,
    string? Branch,
    int? BranchCount,
    string? PipelineId,
    long? PipelineNumber,
    string? WorkflowId,
    string? WorkflowStatus,
    string? RerunWorkflowId,
    Guid? CoalescedInto,
    string? Error,
    DateTime CreatedAt,
    DateTime? CompletedAt)
{
    public static CircleCiRerunView Of(CircleCiRerunRequest request) => new(
        request.Id, request.State, request.Outcome, request.Detail, request.Repository, request.BranchPrefix, request.ProjectSlug,
        request.WorkflowName, request.DryRun, request.Trigger, request.Branch, request.BranchCount, request.PipelineId, request.PipelineNumber,
        request.WorkflowId, request.WorkflowStatus, request.RerunWorkflowId, request.CoalescedInto, request.Error, request.CreatedAt,
        request.CompletedAt);
}

public sealed record CircleCiRerunList(IReadOnlyList<CircleCiRerunView> Items);
