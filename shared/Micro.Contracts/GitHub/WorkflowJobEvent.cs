namespace Micro.Contracts.GitHub;

public enum WorkflowJobAction
{
    Queued,
    Waiting,
    InProgress,
    Completed,
}

/// <summary>A <c>workflow_job</c> webhook. Keyed on <see cref="Action"/>: real payloads carry a status that can disagree with it.</summary>
public sealed record WorkflowJobEvent(
    GitHubEventOrigin Origin,
    WorkflowJobAction Action,
    long RunId,
    int RunAttempt,
    long JobId,
    string JobName,
    string? WorkflowName,
    IReadOnlyList<string> Labels,
    string? Status,
    string? Conclusion,
    string? HeadBranch,
    string? HeadSha);
