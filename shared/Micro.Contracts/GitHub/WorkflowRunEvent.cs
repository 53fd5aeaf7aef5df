namespace Micro.Contracts.GitHub;

public enum WorkflowRunAction
{
    Requested,
    InProgress,
    Completed,
}

/// <summary>A <c>workflow_run</c> webhook; <see cref="Conclusion"/> is set when the run completed.</summary>
public sealed record WorkflowRunEvent(
    GitHubEventOrigin Origin,
    WorkflowRunAction Action,
    long RunId,
    int RunAttempt,
    string? WorkflowName,
    string? Status,
    string? Conclusion,
    string? HeadBranch,
    string? HeadSha,
    string? TriggeringEvent);
